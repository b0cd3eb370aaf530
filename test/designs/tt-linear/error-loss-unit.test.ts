// The error unit's RTL against error-loss32.ts: every e = y - t and the loss bit for bit, for streams
// with random gaps (the partial a product lands in depends on element order only), signed zeros,
// subnormal and huge differences; then a second pass after clear starts from zero again.
import assert from 'node:assert/strict';
import { simulate } from '../../../sim/simulate.js';
import type { BackendName } from '../../../sim/backend.js';
import { ErrorLossUnit } from '../../../designs/tt-linear/error-loss-unit.js';
import { errorAndLoss32 } from '../../../designs/tt-linear/error-loss32.js';
import { Rng } from '../../../designs/transformer/rng.js';
import { requireTool } from '../../support/tools.js';

const bits = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0]!;

function stream(rng: Rng, n: number): { y: Float32Array; t: Float32Array } {
  const pick = (): number => {
    const u = rng.next();
    if (u < 0.1) return 0;
    if (u < 0.2) return -0;
    if (u < 0.3) return Math.fround((rng.next() - 0.5) * 1e-38); // subnormal differences
    if (u < 0.35) return Math.fround((rng.next() - 0.5) * 6e38); // overflowing differences and squares
    return Math.fround((rng.next() * 2 - 1) * 2 ** (rng.int(20) - 10));
  };
  return { y: Float32Array.from({ length: n }, pick), t: Float32Array.from({ length: n }, pick) };
}

async function runUnit(
  backend: BackendName,
  passes: { y: Float32Array; t: Float32Array }[],
  gapSeed: number,
): Promise<void> {
  const unit = new ErrorLossUnit();
  const rng = new Rng(gapSeed);
  const sim = await simulate(unit, { backend });
  try {
    await sim.reset(2);
    for (const [pi, { y, t }] of passes.entries()) {
      const want = new Float32Array(y.length);
      const loss = errorAndLoss32(y, t, want, unit.slots);
      const got: number[] = [];
      sim.poke('clear', 1);
      await sim.step(1);
      sim.poke('clear', 0);
      let i = 0;
      for (let cycle = 0; got.length < y.length || i < y.length; cycle++) {
        const send = i < y.length && rng.next() < 0.6;
        sim.poke('in_valid', send ? 1 : 0);
        if (send) {
          sim.poke('y', bits(y[i]!));
          sim.poke('t', bits(t[i]!));
        }
        sim.poke('finish', send && i === y.length - 1 ? 1 : 0);
        if (send) i++;
        if ((await sim.peek('e_valid')) === 1n) got.push(Number(await sim.peek('e')));
        await sim.step(1);
        assert.ok(cycle < 20 * y.length + 100, 'the unit stalls');
      }
      sim.poke('in_valid', 0);
      sim.poke('finish', 0);
      got.forEach((g, k) =>
        assert.equal(g.toString(16), bits(want[k]!).toString(16), `pass ${pi}: e[${k}] = ${y[k]} - ${t[k]}`),
      );
      await sim.tick().until(async () => (await sim.peek('loss_valid')) === 1n, { max: 1000 });
      assert.equal(Number(await sim.peek('loss')).toString(16), bits(loss).toString(16), `pass ${pi}: loss`);
    }
  } finally {
    await sim.close();
  }
}

describe('designs/tt-linear ErrorLossUnit', () => {
  const rng = new Rng(5);
  const passes = [stream(rng, 57), stream(rng, 1), stream(rng, 23)];

  it('built-in simulator: e and the loss bit-exact with the model, with gaps, over three passes', async () => {
    await runUnit('builtin', passes, 1);
    await runUnit('builtin', passes, 2);
  });

  it('Icarus: the same', async function () {
    await requireTool(this, 'iverilog');
    await runUnit('icarus', passes, 3);
  });
});
