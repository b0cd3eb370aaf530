// Schedules any contraction tree of a TT layer (bi-directional, sequential, full reconstruction, or
// the order the search picked) as GEMM steps for forward, backward and update. Forward: each tree
// node C = A.B is compiled into GEMMs (compileContraction), its result in a buffer tmp<node>.
// Backward: in reverse, dA = dC.B and dB = A.dC, with each gradient in its tensor's layout (dX, dcore<k>,
// dtmp<node>). Bias and update steps are the same as in the bi-directional planner (tt-planner.ts).
import type { TTLayerShape } from '../transformer/config.js';
import { type ContractionTree, NetworkInfo } from './contraction-order.js';
import { compileContraction, rowMajorLayout, type TensorLayout } from './contraction-compiler.js';
import { type BufferDecl, type GemmStep, broadcast, rowMajor } from './gemm-step.js';
import { ttForwardNetwork } from './tt-flows.js';
import { biasAndUpdate, type TTSchedule } from './tt-planner.js';
import { ttLayerDims } from './tt-shape.js';

interface Node {
  set: number;
  layout: TensorLayout;
  grad: TensorLayout;
  children?: [Node, Node];
}

export function planTTLinearTree(
  shape: TTLayerShape,
  K: number,
  tree: ContractionTree,
  optimizer: 'sgd' | 'adam' = 'sgd',
): TTSchedule {
  const d = ttLayerDims(shape);
  const net = ttForwardNetwork(shape, K);
  const info = new NetworkInfo(net);
  const sizes = net.sizes;
  const buffers: BufferDecl[] = [
    { name: 'X', words: K * d.M, role: 'input' },
    { name: 'dY', words: K * d.N, role: 'input' },
    { name: 'Y', words: K * d.N, role: 'output' },
    { name: 'dX', words: K * d.M, role: 'output' },
    { name: 'one', words: 1, role: 'const' },
    ...d.coreWords.map((w, k): BufferDecl => ({ name: `core${k}`, words: w, role: 'param' })),
    { name: 'bias', words: d.N, role: 'param' },
    ...d.coreWords.map((w, k): BufferDecl => ({ name: `dcore${k}`, words: w, role: 'grad' })),
    { name: 'dbias', words: d.N, role: 'grad' },
  ];
  const leaf = (i: number): Node => {
    const name = i === 0 ? 'X' : `core${i - 1}`;
    const gname = i === 0 ? 'dX' : `dcore${i - 1}`;
    return {
      set: 1 << i,
      layout: rowMajorLayout(name, net.operands[i]!, sizes),
      grad: rowMajorLayout(gname, net.operands[i]!, sizes),
    };
  };
  let counter = 0;
  const forward: GemmStep[] = [];
  const build = (t: ContractionTree): Node => {
    if (typeof t === 'number') return leaf(t);
    const a = build(t[0]);
    const b = build(t[1]);
    const set = a.set | b.set;
    let layout: TensorLayout;
    let grad: TensorLayout;
    if (set === info.full) {
      layout = rowMajorLayout('Y', net.output, sizes);
      grad = rowMajorLayout('dY', net.output, sizes);
    } else {
      // Result layout: A's kept indices in A's order, then B's: keeps the m and n groups mergeable.
      const open = new Set(info.openIndexNames(set));
      const order = [
        ...a.layout.indices.filter((x) => open.has(x)),
        ...b.layout.indices.filter((x) => open.has(x) && !a.layout.indices.includes(x)),
      ];
      const id = counter++;
      layout = rowMajorLayout(`tmp${id}`, order, sizes);
      grad = rowMajorLayout(`dtmp${id}`, order, sizes);
      const words = order.reduce((p, x) => p * sizes.get(x)!, 1);
      buffers.push(
        { name: `tmp${id}`, words, role: 'intermediate' },
        { name: `dtmp${id}`, words, role: 'intermediate' },
      );
    }
    forward.push(
      ...compileContraction(
        `${layout.buffer} = ${a.layout.buffer} . ${b.layout.buffer}`,
        a.layout,
        b.layout,
        layout,
        sizes,
      ),
    );
    return { set, layout, grad, children: [a, b] };
  };
  const root = build(tree);
  if (root.set !== info.full) throw new Error('the contraction tree does not use every operand');
  forward.push({
    op: 'gemm',
    label: 'Y += 1 bias',
    m: K,
    n: d.N,
    k: 1,
    a: broadcast('one'),
    b: rowMajor('bias', d.N),
    c: rowMajor('Y', d.N),
    accumulate: true,
  });

  const backward: GemmStep[] = [];
  const back = (node: Node) => {
    if (!node.children) return;
    const [a, b] = node.children;
    backward.push(
      ...compileContraction(
        `${a.grad.buffer} = ${node.grad.buffer} . ${b.layout.buffer}`,
        node.grad,
        b.layout,
        a.grad,
        sizes,
      ),
    );
    backward.push(
      ...compileContraction(
        `${b.grad.buffer} = ${a.layout.buffer} . ${node.grad.buffer}`,
        a.layout,
        node.grad,
        b.grad,
        sizes,
      ),
    );
    back(a);
    back(b);
  };
  back(root);
  backward.push({
    op: 'gemm',
    label: 'dbias = 1^T dY',
    m: 1,
    n: d.N,
    k: K,
    a: broadcast('one'),
    b: rowMajor('dY', d.N),
    c: rowMajor('dbias', d.N),
    accumulate: false,
  });
  const update = biasAndUpdate(buffers, d.coreWords, d.N, optimizer);
  return { shape, K, optimizer, buffers, forward, backward, update };
}
