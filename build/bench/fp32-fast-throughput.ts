// Throughput of the fast fp32 models (rtl-lib/fp/fast/) for the fp32-model bench: operations per second of
// CPU time (process.cpuUsage, so other jobs on a shared machine do not count against it) over a fixed array
// of float32 inputs, best of three passes after a warm-up pass.
import { fastAdd, fastDiv, fastMac, fastMul, fastSqrt, fastSub } from '../../rtl-lib/fp/fast/ieee-ops.js';
import { float32 } from '../../rtl-lib/fp/fast/f32-view.js';
import { type NonlinearUnit, edgeHeavyInput, nonlinearUnits } from '../../rtl-lib/fp/fast/edge-inputs.js';
import { fastNonlinear } from '../../rtl-lib/fp/fast/nonlinear.js';

const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
};

/** Where each pass's result goes, so the pass is not dead code. */
export let lastSink = 0;

function best(pass: () => number, ops: number): number {
  let top = 0;
  for (let rep = 0; rep < 4; rep++) {
    const c0 = process.cpuUsage();
    lastSink = pass();
    const s = cpuSeconds(c0);
    if (rep > 0) top = Math.max(top, ops / s);
  }
  return top;
}

/** ops/s (CPU time) of every fast model, n inputs per pass. */
export function fastThroughput(n: number, rand32: () => number): Record<string, number> {
  const xs = new Float32Array(n);
  const ys = new Float32Array(n);
  const out: Record<string, number> = {};
  const unary = (name: string, f: (x: number) => number, input: () => number) => {
    for (let i = 0; i < n; i++) xs[i] = float32(input());
    out[name] = best(() => {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += f(xs[i]!);
      return acc;
    }, n);
  };
  for (const u of nonlinearUnits) unary(u, fastNonlinear[u as NonlinearUnit], () => edgeHeavyInput(u, rand32));
  unary('sqrt', fastSqrt, () => rand32() & 0x7fffffff);
  const binaries: [string, (a: number, b: number) => number][] = [
    ['add', fastAdd],
    ['sub', fastSub],
    ['mul', fastMul],
    ['div', fastDiv],
    ['mac (a*b+a)', (a, b) => fastMac(a, b, a)],
  ];
  for (let i = 0; i < n; i++) {
    xs[i] = float32(rand32());
    ys[i] = float32(rand32());
  }
  for (const [name, f] of binaries)
    out[name] = best(() => {
      let acc = 0;
      for (let i = 0; i < n; i++) acc += f(xs[i]!, ys[i]!);
      return acc;
    }, n);
  return out;
}
