// Typed Vivado attributes: the compiler checks the values, the emitter spells them for Vivado.

export interface VivadoAttributes {
  /** Memory implementation (memories and the arrays they become). */
  ramStyle?: 'block' | 'ultra' | 'distributed' | 'registers' | 'auto';
  /** Map arithmetic to DSP48E2 slices or to fabric. */
  useDsp?: 'yes' | 'no' | 'logic' | 'simd';
  /** Keep the net through synthesis optimizations. */
  keep?: boolean;
  /** Replicate drivers above this fanout. */
  maxFanout?: number;
  /** Synchronizer flop: placed close, not optimized. */
  asyncReg?: boolean;
  /** FSM state encoding Vivado should use. */
  fsmEncoding?: 'one_hot' | 'sequential' | 'johnson' | 'gray' | 'auto' | 'none';
  /** Allow or forbid shift-register extraction into SRL primitives. */
  shregExtract?: 'yes' | 'no';
  /** Keep the hierarchy / do not touch. */
  dontTouch?: boolean;
}

/** The attributes as Verilog `(* name = "value" *)` pairs, in a fixed order. */
const none: [string, string][] = [];

export function attributePairs(a: VivadoAttributes | undefined): [string, string][] {
  if (!a) return none;
  const out: [string, string][] = [];
  if (a.ramStyle !== undefined) out.push(['ram_style', a.ramStyle]);
  if (a.useDsp !== undefined) out.push(['use_dsp', a.useDsp]);
  if (a.keep !== undefined) out.push(['keep', a.keep ? 'true' : 'false']);
  if (a.maxFanout !== undefined) {
    if (!Number.isInteger(a.maxFanout) || a.maxFanout < 1)
      throw new Error(`maxFanout must be a positive integer, got ${a.maxFanout}`);
    out.push(['max_fanout', String(a.maxFanout)]);
  }
  if (a.asyncReg !== undefined) out.push(['ASYNC_REG', a.asyncReg ? 'TRUE' : 'FALSE']);
  if (a.fsmEncoding !== undefined) out.push(['fsm_encoding', a.fsmEncoding]);
  if (a.shregExtract !== undefined) out.push(['shreg_extract', a.shregExtract]);
  if (a.dontTouch !== undefined) out.push(['dont_touch', a.dontTouch ? 'true' : 'false']);
  return out;
}
