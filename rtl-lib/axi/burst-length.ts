// Beats of the next INCR burst: as many as remain, at most `maxBeats`, and never past a 4 KB
// boundary (AXI4 forbids a burst that crosses one).
import { UInt, mux, type Expr } from '../../dsl/index.js';

/** `addr` (64 bits, beat-aligned) and `remaining` beats (32 bits) -> beats of the next burst (9 bits, 1..256). */
export function nextBurstBeats(addr: Expr, remaining: Expr, bytesPerBeat: number, maxBeats: number): Expr {
  if (!Number.isInteger(maxBeats) || maxBeats < 1 || maxBeats > 256)
    throw new Error(`maxBeats must be 1..256, got ${maxBeats}`);
  const shift = Math.log2(bytesPerBeat);
  // Bytes left in this 4 KB page (1..4096), then in beats: fits 13 bits.
  const toPage = UInt(13).lit(4096).sub(addr.slice(11, 0).zext(13)).shr(shift);
  const cap = mux(toPage.lt(maxBeats), toPage, UInt(13).lit(maxBeats));
  const small = remaining.slice(31, 13).eq(0);
  const rem13 = remaining.slice(12, 0);
  return mux(small.and(rem13.lt(cap)), rem13, cap).trunc(9);
}
