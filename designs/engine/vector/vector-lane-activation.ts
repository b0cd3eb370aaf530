// The activation lane: tanhFwd, tanhBwd, geluFwd, geluBwd (tanh form), each in the FP32 order of
// interpreter-rows.ts (one rounding per operation, none fused):
//   geluFwd   t = tanh(r(c * r(x + r(a * r(r(x*x) * x)))))    y = r(r(0.5*x) * r(1 + t))
//   geluBwd   (a = x, b = t, c = dy)  inner = r(c * r(1 + r(a3 * r(x*x))))   sech2 = r(1 - r(t*t))
//             dx = r(dy * r(r(0.5 * r(1 + t)) + r(r(r(0.5*x) * sech2) * inner)))
//   tanhFwd   y = tanh(x)                 tanhBwd (a = y, b = dy)   dx = r(dy * r(1 - r(y*y)))
// tanhFwd is the GELU tanh unit fed with x; tanhBwd is geluBwd's sech2 and last multiply fed with
// (y, dy). geluFwd writes t and y in two passes over the block (one vector write a cycle): `write_t`
// says which this pass writes.
import { Bool } from '../../../dsl/index.js';
import { GELU_FP32_CONSTANTS } from '../../transformer/activations.js';
import { LaneDataflow, type Timed } from './vector-lane-dataflow.js';
import { VectorLane, fp32Word } from './vector-lane.js';

interface ActivationInputs {
  a: Timed;
  b: Timed;
  c: Timed;
  /** Static: which operation, and for geluFwd which output this pass writes. */
  tanhFwd: Timed;
  tanhBwd: Timed;
  backward: Timed;
  writeT: Timed;
}

function activationDatapath(df: LaneDataflow, x: ActivationInputs, hw: boolean): Timed {
  const k = (v: number, name: string) => df.constant(hw ? fp32Word(v) : undefined, name);
  const ONE = k(1, 'one'),
    HALF = k(0.5, 'half'),
    C = k(GELU_FP32_CONSTANTS.c, 'gelu_c'),
    A = k(GELU_FP32_CONSTANTS.a, 'gelu_a'),
    A3 = k(GELU_FP32_CONSTANTS.a3, 'gelu_a3');
  const v = df.reg(x.a, 'x_in');
  const b = df.reg(x.b, 'b_in');
  const c = df.reg(x.c, 'c_in');
  // forward
  const xx = df.op('mul', 'xx', v, v);
  const xxx = df.op('mul', 'xxx', xx, v);
  const inner3 = df.op('add', 'x_plus_axxx', v, df.op('mul', 'axxx', A, xxx));
  const u = df.op('mul', 'tanh_arg', C, inner3);
  const t = df.op('tanh', 'tanh', df.mux(x.tanhFwd, v, u, 'tanh_in'));
  const hx = df.op('mul', 'half_x', HALF, v);
  const yFwd = df.op('mul', 'gelu', hx, df.op('add', 'one_plus_t', ONE, t));
  // backward: (t, dy) from (b, c) for GELU, from (a, b) for tanh
  const th = df.mux(x.tanhBwd, v, b, 'th');
  const dy = df.mux(x.tanhBwd, b, c, 'dy');
  const sech2 = df.op('sub', 'sech2', ONE, df.op('mul', 'th2', th, th));
  const inner = df.op('mul', 'inner', C, df.op('add', 'one_plus_a3xx', ONE, df.op('mul', 'a3xx', A3, xx)));
  const left = df.op('mul', 'half_one_plus_t', HALF, df.op('add', 'one_plus_th', ONE, th));
  const right = df.op('mul', 'right', df.op('mul', 'half_x_sech2', hx, sech2), inner);
  const deriv = df.op('add', 'deriv', left, right);
  const yBwd = df.op('mul', 'dx', dy, df.mux(x.tanhBwd, sech2, deriv, 'dx_factor'));
  return df.mux(x.backward, yBwd, df.mux(x.writeT, t, yFwd, 'forward_out'), 'result');
}

export function activationLatency(): number {
  const df = new LaneDataflow();
  const i = (n: string) => df.input(undefined, n);
  const s = (n: string) => df.constant(undefined, n);
  return activationDatapath(
    df,
    { a: i('a'), b: i('b'), c: i('c'), tanhFwd: s('f'), tanhBwd: s('b'), backward: s('k'), writeT: s('t') },
    false,
  ).t;
}

export class VectorLaneActivation extends VectorLane {
  readonly opTanhFwd = this.input(Bool(), 'op_tanh_fwd');
  readonly opTanhBwd = this.input(Bool(), 'op_tanh_bwd');
  /** tanhBwd or geluBwd. */
  readonly backward = this.input(Bool(), 'backward');
  /** geluFwd: this pass writes t (else y); tanhFwd: high. */
  readonly writeT = this.input(Bool(), 'write_t');

  constructor() {
    super();
    const df = this.dataflow();
    const result = activationDatapath(
      df,
      {
        a: df.input(this.a, 'a'),
        b: df.input(this.b, 'b'),
        c: df.input(this.c, 'c'),
        tanhFwd: df.constant(this.opTanhFwd, 'op_tanh_fwd'),
        tanhBwd: df.constant(this.opTanhBwd, 'op_tanh_bwd'),
        backward: df.constant(this.backward, 'backward'),
        writeT: df.constant(this.writeT, 'write_t'),
      },
      true,
    );
    this.finish(df, result);
  }
}
