// Pipelining without touching the algorithms: each unit names its possible cut points in order; a
// Pipeline enables `stages` of them (spread evenly) and stages every live value at an enabled cut. The
// bit-level model's stage() is the identity, so the model's result does not depend on the cuts.
import type { Arith } from './arith.js';

export class Pipeline {
  readonly enabled: ReadonlySet<string>;

  /** `stages`: how many cut points to enable (spread evenly), or exactly which ones. */
  constructor(
    readonly cutPoints: readonly string[],
    stages: number | readonly string[] = 0,
  ) {
    if (typeof stages !== 'number') {
      for (const e of stages) if (!cutPoints.includes(e)) throw new RangeError(`unknown cut point '${e}'`);
      this.enabled = new Set(stages);
      return;
    }
    const k = cutPoints.length;
    if (!Number.isInteger(stages) || stages < 0 || stages > k) {
      throw new RangeError(
        `stages must be an integer in 0..${k} (cut points: ${cutPoints.join(', ') || 'none'}), got ${stages}`,
      );
    }
    // Evenly spread: floor((i+1)k/(n+1)) is strictly increasing for n <= k.
    const picked = new Set<string>();
    for (let i = 0; i < stages; i++) picked.add(cutPoints[Math.floor(((i + 1) * k) / (stages + 1))]!);
    this.enabled = picked;
  }

  /** Number of registered stages, i.e. the latency in clock cycles. */
  get latency(): number {
    return this.enabled.size;
  }

  /** At a cut point: register every live value if this cut is enabled, else pass them through. */
  cut<V, T extends Record<string, V>>(ar: Arith<V>, point: string, live: T): T {
    if (!this.cutPoints.includes(point)) throw new RangeError(`unknown cut point '${point}'`);
    if (!this.enabled.has(point)) return live;
    const out: Record<string, V> = {};
    for (const [name, v] of Object.entries(live)) out[name] = ar.stage(ar.named(v, `${point}_${name}`));
    return out as T;
  }
}
