// Test support: the FP32 model's own intermediate tensors of one sample (from its forward cache, read
// through the bracket escape of TypeScript's `private`, so the model is not changed), each paired with
// the region of the compiled program's memory that must hold the same bits.
import type { CompiledSample } from '../../../designs/program/compile-model.js';
import type { TTForwardTrace } from '../../../designs/program/compile-tt.js';
import { conflictFreeStride } from '../../../designs/program/layout.js';
import type { LayerNormCache } from '../../../designs/transformer/layernorm.js';
import type { EncoderLayerCache } from '../../../designs/transformer/encoder-layer.js';
import type { Sample, TransformerModel } from '../../../designs/transformer/model.js';
import type { TTLinearCache32 } from '../../../designs/tt/tt-linear.js';
import type { Rng } from '../../../designs/transformer/rng.js';

export interface Expected {
  name: string;
  want: Float32Array;
  base: number;
}

interface ModelCache {
  T: number;
  layers: { X: Float32Array; cache: EncoderLayerCache }[];
  intentPoolCache: TTLinearCache32;
  intentTanh: Float32Array;
  dIntentLogits: Float32Array;
  slotPoolCache: TTLinearCache32 | undefined;
  slotPre: Float32Array;
  slotGeluT: Float32Array;
  slotLn: LayerNormCache;
  slotNorm: Float32Array;
  dSlotLogits: Float32Array;
}

export function modelForwardCache(model: TransformerModel, s: Sample): ModelCache {
  // biome-ignore lint/complexity/useLiteralKeys: reads the model's private forward cache without changing it
  return model['forwardCached'](s).cache as unknown as ModelCache;
}

type TTTrace = Omit<TTForwardTrace, 'X' | 'Y'> & { X?: number; Y?: number };

function tt(name: string, c: TTLinearCache32, t: TTTrace, out: Expected[], Y?: Float32Array): void {
  c.lefts.slice(1).forEach((l, i) => out.push({ name: `${name}.left${i + 1}`, want: l, base: t.lefts[i + 1]! }));
  c.rights.slice(0, -1).forEach((r, i) => out.push({ name: `${name}.right${i}`, want: r, base: t.rights[i]! }));
  if (t.X !== undefined) out.push({ name: `${name}.X`, want: c.X, base: t.X });
  out.push({ name: `${name}.Z`, want: c.Z, base: t.Z });
  if (Y && t.Y !== undefined) out.push({ name: `${name}.Y`, want: Y, base: t.Y });
}

const ln = (name: string, c: LayerNormCache, base: { xhat: number; rstd: number }, out: Expected[]) => {
  out.push({ name: `${name}.xhat`, want: c.xhat as Float32Array, base: base.xhat });
  out.push({ name: `${name}.rstd`, want: c.rstd as Float32Array, base: base.rstd });
};

/** Every forward tensor of the model with the program region that must equal it, in program order. */
export function expectedForward(model: TransformerModel, s: Sample, prog: CompiledSample): Expected[] {
  const c = modelForwardCache(model, s);
  const f = prog.forward;
  const out: Expected[] = [];
  c.layers.forEach(({ X, cache: lc }, i) => {
    const lt = f.layers[i]!;
    out.push({ name: `layer${i}.X`, want: X, base: lt.X });
    tt(`layer${i}.wq`, lc.cq as TTLinearCache32, lt.q, out, lc.Q as Float32Array);
    tt(`layer${i}.wk`, lc.ck as TTLinearCache32, lt.k, out, lc.K as Float32Array);
    tt(`layer${i}.wv`, lc.cv as TTLinearCache32, lt.v, out, lc.V as Float32Array);
    // The probabilities' rows are conflictFreeStride(T) apart in the program (T + 1 at T = 17, 34, ...).
    const T = s.tokens.length,
      ts = conflictFreeStride(T);
    const P = lc.attn.probs as Float32Array;
    for (let r = 0; r < P.length / T; r++)
      out.push({ name: `layer${i}.attn.probs.row${r}`, want: P.subarray(r * T, (r + 1) * T), base: lt.probs + r * ts });
    tt(`layer${i}.wo`, lc.co as TTLinearCache32, lt.o, out);
    ln(`layer${i}.ln1`, lc.ln1, lt.ln1, out);
    tt(`layer${i}.w1`, lc.c1 as TTLinearCache32, lt.ffn.w1, out);
    // F1, G (W2's input) and t exist one block of tokens at a time: each block against its rows.
    const F = prog.cfg.dFF;
    for (const [j, blk] of lt.ffn.blocks.entries()) {
      const rows = (a: ArrayLike<number>) => (a as Float32Array).subarray(blk.t0 * F, (blk.t0 + blk.rows) * F);
      out.push({ name: `layer${i}.ffn.b${j}.F1`, want: rows(lc.F1), base: blk.F1 });
      out.push({ name: `layer${i}.ffn.b${j}.G`, want: rows((lc.c2 as TTLinearCache32).X), base: blk.G });
      out.push({ name: `layer${i}.ffn.b${j}.geluT`, want: rows(lc.geluT), base: blk.geluT });
    }
    tt(`layer${i}.w2`, lc.c2 as TTLinearCache32, lt.ffn.w2, out);
    ln(`layer${i}.ln2`, lc.ln2, lt.ln2, out);
  });
  const h = f.heads;
  tt('intent.pooler', c.intentPoolCache, h.intentPool, out);
  out.push({ name: 'intent.tanh', want: c.intentTanh, base: h.intentTanh });
  out.push({ name: 'intent.dLogits', want: c.dIntentLogits, base: h.dIntentLogits });
  if (h.slot && c.slotPoolCache) {
    tt('slot.pooler', c.slotPoolCache, h.slot.pool, out, c.slotPre);
    out.push({ name: 'slot.geluT', want: c.slotGeluT, base: h.slot.geluT });
    ln('slot.ln', c.slotLn, h.slot.ln, out);
    out.push({ name: 'slot.norm', want: c.slotNorm, base: h.slot.ln.y });
    out.push({ name: 'slot.dLogits', want: c.dSlotLogits, base: h.slot.dLogits });
  }
  return out;
}

/** The first word whose bits differ (any NaN equals any NaN), or undefined. */
export function firstMismatch(want: Float32Array, got: Float32Array): string | undefined {
  const wb = new Uint32Array(want.buffer, want.byteOffset, want.length);
  const gb = new Uint32Array(got.buffer, got.byteOffset, got.length);
  for (let i = 0; i < want.length; i++) {
    if (wb[i] === gb[i] || (Number.isNaN(want[i]) && Number.isNaN(got[i]))) continue;
    return `word ${i}: model ${want[i]} (0x${wb[i]!.toString(16)}), program ${got[i]} (0x${gb[i]!.toString(16)})`;
  }
  return undefined;
}

/** A sample of length T with every third slot unscored (and position 0 never scored). */
export function randomSample(rng: Rng, vocab: number, intents: number, slots: number, T: number): Sample {
  const int = (n: number) => rng.int(n);
  return {
    tokens: Int32Array.from({ length: T }, () => int(vocab)),
    slots: Int32Array.from({ length: T }, (_, t) => (t === 0 || t % 3 === 2 ? -1 : int(slots))),
    intent: int(intents),
  };
}
