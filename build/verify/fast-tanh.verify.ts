// The fast tanh model's shortcut (float64 tanh plus an error bound, rtl-lib/fp/fast/tanh.ts) against the
// unit's full datapath (exactTanh, itself checked against the bit-level model in npm test and the
// fp32-model bench) on EVERY positive float32 input below the saturation bound: 131 exponent fields x 2^23
// fractions (about 1.1e9 inputs). Negative inputs need no run: both apply the sign last. Also records the
// largest error of the unit's value before rounding against float64 tanh, per path, and the shortcut's
// hit rate. Writes out/verify/fast-tanh.json after every field (an interrupted run keeps what it proved).
// Usage: npm run verify fast-tanh   (FAST_TANH_FIELDS=from-to limits the exponent fields, default 130-0).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { float32 } from '../../rtl-lib/fp/fast/f32-view.js';
import { MID_ERROR, SMALL_ERROR, exactTanh, fastTanh, tanhBeforeRounding } from '../../rtl-lib/fp/fast/tanh.js';
import { tanhSaturationLog2 } from '../../rtl-lib/fp/tanh.js';
import { fp32 } from '../../rtl-lib/fp/format.js';

const top = 127 + tanhSaturationLog2(fp32) - 1;
const [lo, hi] = (process.env.FAST_TANH_FIELDS ?? `${top}-0`).split('-').map(Number) as [number, number];
const outDir = path.resolve('out/verify');
mkdirSync(outDir, { recursive: true });
const fields: { field: number; inputs: number; mismatches: number; shortcutMisses: number; worstError: number }[] = [];
const examples: string[] = [];
const t0 = Date.now();
const write = (done: boolean) =>
  writeFileSync(
    path.join(outDir, 'fast-tanh.json'),
    `${JSON.stringify(
      {
        generated: new Date().toISOString(),
        complete: done,
        fieldsChecked: fields.length,
        range: [lo, hi],
        inputs: fields.reduce((s, f) => s + f.inputs, 0),
        mismatches: fields.reduce((s, f) => s + f.mismatches, 0),
        bounds: { midAbsolute: MID_ERROR, smallRelative: SMALL_ERROR },
        worstMidError: Math.max(0, ...fields.filter((f) => f.field >= 124).map((f) => f.worstError)),
        worstSmallRelError: Math.max(0, ...fields.filter((f) => f.field < 124).map((f) => f.worstError)),
        examples,
        seconds: (Date.now() - t0) / 1000,
        fields,
      },
      null,
      2,
    )}\n`,
  );

// Descending by default: the middle path and the small path near 1/8 (the largest errors) come first.
const order = Array.from({ length: Math.abs(hi - lo) + 1 }, (_, i) => (lo <= hi ? lo + i : lo - i));
for (const field of order) {
  let mismatches = 0;
  let misses = 0;
  let worst = 0;
  const small = field < 124;
  for (let frac = 0; frac < 1 << 23; frac++) {
    const b = (field << 23) | frac;
    const x = float32(b);
    const want = exactTanh(x);
    const got = fastTanh(x);
    if (got !== want) {
      mismatches++;
      if (examples.length < 20) examples.push(`0x${b.toString(16)}: fast ${got}, exact ${want}`);
    }
    const t = Math.tanh(x);
    const v = tanhBeforeRounding(b);
    const e = small ? (t === 0 ? 0 : Math.abs(v / t - 1)) : Math.abs(v - t);
    if (e > worst) worst = e;
    const bound = small ? t * SMALL_ERROR : MID_ERROR;
    if (Math.fround(t - bound) !== Math.fround(t + bound)) misses++;
  }
  fields.push({ field, inputs: 1 << 23, mismatches, shortcutMisses: misses, worstError: worst });
  console.log(
    `field ${field}: ${mismatches} mismatches, shortcut missed ${((100 * misses) / (1 << 23)).toFixed(2)}%, worst error 2^${Math.log2(worst || 2 ** -99).toFixed(2)} (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
  write(false);
}
write(true);
const bad = fields.reduce((s, f) => s + f.mismatches, 0);
console.log(`${fields.length} fields, ${bad} mismatches; wrote out/verify/fast-tanh.json`);
if (bad) process.exitCode = 1;
