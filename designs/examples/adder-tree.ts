// A parameterized adder tree built from recursive instances: a tree of n inputs is two trees of
// n/2 inputs and one adder. The two halves are the same hardware, so each size is emitted once.
import { Module, UInt, Vec } from '../../dsl/index.js';

export class AdderTree extends Module {
  readonly inputs;
  readonly sum;

  constructor(
    readonly n = 8,
    readonly width = 8,
  ) {
    super({ n, width });
    const outWidth = width + Math.ceil(Math.log2(n));
    this.inputs = this.input(Vec(n, UInt(width)));
    this.sum = this.output(UInt(outWidth));
    if (n === 1) {
      this.sum.set(this.inputs[0]!);
      return;
    }
    const half = Math.ceil(n / 2);
    const low = this.instance(new AdderTree(half, width));
    const high = this.instance(new AdderTree(n - half, width));
    this.inputs.forEach((x, i) => (i < half ? low.inputs[i]! : high.inputs[i - half]!).set(x));
    const childWidth = width + Math.ceil(Math.log2(half));
    this.sum.set(low.sum.addw(high.sum.zext(childWidth)).resize(outWidth));
  }
}

export default AdderTree;
