// The fast fp32 models of the correctly rounded units against the units' bit-level models (the same
// generic code the hardware comes from): every edge pair and 20k random (half cancellation-heavy) inputs
// per unit, bit for bit, NaN included (both sides must give the canonical NaN).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  divEdgePairs,
  edgePairs,
  edgeValues,
  mulEdgePairs,
  addEdgePairs,
  sqrtEdgeValues,
} from '../../../../rtl-lib/fp/edge-cases.js';
import { fp32 } from '../../../../rtl-lib/fp/format.js';
import { fpModel } from '../../../../rtl-lib/fp/model.js';
import { bits32, float32 } from '../../../../rtl-lib/fp/fast/f32-view.js';
import { fastAdd, fastDiv, fastMac, fastMul, fastSqrt, fastSub } from '../../../../rtl-lib/fp/fast/ieee-ops.js';
import { arbBits, arbPair, hex } from '../fp-test-util.js';

const model = fpModel(fp32);
const RUNS = 20_000;

type Binary = {
  name: string;
  fast: (a: number, b: number) => number;
  model: (a: bigint, b: bigint) => bigint;
  edges: [bigint, bigint][];
};

const binaries: Binary[] = [
  { name: 'add', fast: fastAdd, model: model.add, edges: edgePairs(fp32, addEdgePairs(fp32)) },
  { name: 'sub', fast: fastSub, model: model.sub, edges: edgePairs(fp32, addEdgePairs(fp32)) },
  { name: 'mul', fast: fastMul, model: model.mul, edges: edgePairs(fp32, mulEdgePairs(fp32)) },
  { name: 'div', fast: fastDiv, model: model.div, edges: edgePairs(fp32, divEdgePairs(fp32)) },
];

function checkBinary(u: Binary, a: bigint, b: bigint): void {
  const got = bits32(u.fast(float32(Number(a)), float32(Number(b))));
  const want = Number(u.model(a, b));
  if (got !== want)
    assert.fail(`fast ${u.name} ${hex(a)} ${hex(b)}: got 0x${got.toString(16)}, model 0x${want.toString(16)}`);
}

describe('rtl-lib/fp/fast: correctly rounded units (fp32) match the bit-level models', () => {
  for (const u of binaries) {
    it(`${u.name}: every edge pair, bit for bit`, () => {
      assert.ok(u.edges.length >= 20_000, `${u.edges.length} edge pairs`);
      for (const [a, b] of u.edges) checkBinary(u, a, b);
    });
    it(`${u.name}: ${RUNS} random pairs, bit for bit`, () => {
      fc.assert(
        fc.property(arbPair(fp32), ([a, b]) => checkBinary(u, a, b)),
        { numRuns: RUNS },
      );
    });
  }

  const checkSqrt = (a: bigint): void => {
    const got = bits32(fastSqrt(float32(Number(a))));
    const want = Number(model.sqrt(a));
    if (got !== want) assert.fail(`fast sqrt ${hex(a)}: got 0x${got.toString(16)}, model 0x${want.toString(16)}`);
  };
  it('sqrt: every edge value and 20k random values, bit for bit', () => {
    for (const a of [...edgeValues(fp32), ...sqrtEdgeValues(fp32)]) checkSqrt(a);
    fc.assert(fc.property(arbBits(fp32), checkSqrt), { numRuns: RUNS });
  });

  const checkMac = (a: bigint, b: bigint, c: bigint): void => {
    const got = bits32(fastMac(float32(Number(a)), float32(Number(b)), float32(Number(c))));
    const want = Number(model.mac(a, b, c));
    if (got !== want)
      assert.fail(`fast mac ${hex(a)} ${hex(b)} ${hex(c)}: got 0x${got.toString(16)}, model 0x${want.toString(16)}`);
  };
  it('mac (not fused: product rounded, then the add): edge triples and 20k random triples', () => {
    const v = edgeValues(fp32);
    for (let i = 0; i < v.length; i++)
      for (let j = 0; j < v.length; j += 7) checkMac(v[i]!, v[j]!, v[(i * 31 + j) % v.length]!);
    // c near -a*b: the two roundings differ from a fused mac exactly here.
    const nearMinusProduct = fc.tuple(arbBits(fp32), arbBits(fp32)).map(([a, b]): [bigint, bigint, bigint] => {
      const p = Number(model.mul(a, b)) ^ 0x80000000;
      return [a, b, BigInt(p >>> 0)];
    });
    fc.assert(
      fc.property(fc.oneof(fc.tuple(arbBits(fp32), arbBits(fp32), arbBits(fp32)), nearMinusProduct), ([a, b, c]) =>
        checkMac(a, b, c),
      ),
      { numRuns: RUNS },
    );
  });

  it('gives the canonical NaN, signed zeros and subnormals as the units do', () => {
    const nanPayload = float32(0x7fc00001);
    assert.equal(bits32(fastAdd(nanPayload, 1)), 0x7fc00000, 'NaN payloads never leak');
    assert.equal(bits32(fastAdd(-0, -0)), 0x80000000, '-0 + -0 = -0');
    assert.equal(bits32(fastSub(1, 1)), 0, 'x - x = +0');
    assert.equal(bits32(fastSqrt(-0)), 0x80000000, 'sqrt(-0) = -0');
    assert.equal(bits32(fastSqrt(-1)), 0x7fc00000, 'sqrt(-1) = NaN');
    assert.equal(bits32(fastMul(float32(1), 0.5)), 0, 'smallest subnormal / 2: tie to even (0)');
    assert.equal(bits32(fastMul(float32(3), 0.5)), 2, '3 ulp / 2: tie to even (2)');
  });
});
