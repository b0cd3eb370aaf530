// Bundles with flipped fields and Vec ports: a valid/ready stream passes straight through while
// its data lanes come out in reverse order, and one lane can be picked by a dynamic index.
import { Module, UInt, Bool, Bundle, Flip, Vec } from '../../dsl/index.js';

export const Stream = (lanes: number, width: number) =>
  Bundle({
    valid: Bool(),
    ready: Flip(Bool()),
    lanes: Vec(lanes, UInt(width)),
  });

export class StreamLanes extends Module {
  readonly source;
  readonly sink;
  readonly pick;
  readonly picked;

  constructor(
    readonly lanes = 4,
    readonly width = 8,
  ) {
    super({ lanes, width });
    this.source = this.input(Stream(lanes, width));
    this.sink = this.output(Stream(lanes, width));
    this.pick = this.input(UInt(Math.max(1, Math.ceil(Math.log2(lanes)))));
    this.picked = this.output(UInt(width));

    this.sink.valid.set(this.source.valid);
    this.source.ready.set(this.sink.ready);
    this.sink.lanes.forEach((lane, i) => lane.set(this.source.lanes[lanes - 1 - i]!));
    this.picked.set(this.source.lanes.select(this.pick));
  }
}

export default StreamLanes;
