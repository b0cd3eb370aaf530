// What a RAM configuration should become in UltraScale+ silicon, derived from the memory planner's own
// layout rule (plan/bank-layout.ts) so that the primitives, the planner and Yosys are checked against
// one another rather than against hand-written numbers.
import { cheapestBlockLayout } from './plan/bank-layout.js';
import type { BlockKind } from './plan/policy.js';
import { type RamConfig, resolveRamConfig } from './ram-config.js';

export type RamPorts = 'sp' | 'sdp' | 'tdp';

/** What a synthesis run found (build/tools/cells.ts counts these). */
export interface InferredPrimitives {
  ramb36: number;
  ramb18: number;
  uram288: number;
  /** LUT-RAM cells. */
  lutram: number;
  /** Flip-flops. */
  ff: number;
}

export interface ExpectedPrimitives {
  ramb36: number;
  ramb18: number;
  uram288: number;
  /** Where the array must go when no block primitive is expected. */
  fabric: 'lutram' | 'registers' | undefined;
}

/** The primitives the planner's layout rule picks for one RAM of this configuration. */
export function expectedPrimitives(ports: RamPorts, cfg: RamConfig): ExpectedPrimitives {
  const r = resolveRamConfig(cfg);
  if (r.style === 'distributed') return { ramb36: 0, ramb18: 0, uram288: 0, fabric: 'lutram' };
  if (r.style === 'registers') return { ramb36: 0, ramb18: 0, uram288: 0, fabric: 'registers' };
  if (r.style === 'auto') throw new Error("style 'auto' leaves the choice to the synthesizer: no expectation");
  const kinds: BlockKind[] = r.style === 'ultra' ? ['URAM288'] : ['RAMB36', 'RAMB18'];
  const l = cheapestBlockLayout(
    { name: 'ram', group: 'ram', live: [], words: r.depth, width: r.width, parallel: 1, dualPort: ports !== 'sdp' },
    kinds,
    false,
  );
  return {
    ramb36: l.kind === 'RAMB36' ? l.count : 0,
    ramb18: l.kind === 'RAMB18' ? l.count : 0,
    uram288: l.kind === 'URAM288' ? l.count : 0,
    fabric: undefined,
  };
}

/** Differences between what Yosys inferred and what was expected; empty when they agree. */
export function primitiveMismatches(
  want: ExpectedPrimitives,
  got: InferredPrimitives,
  depth: number,
  width: number,
): string[] {
  const out: string[] = [];
  const cmp = (what: string, a: number, b: number) => {
    if (a !== b) out.push(`${what}: expected ${a}, Yosys inferred ${b}`);
  };
  cmp('RAMB36E2', want.ramb36, got.ramb36);
  cmp('RAMB18E2', want.ramb18, got.ramb18);
  cmp('URAM288', want.uram288, got.uram288);
  if (want.fabric === 'lutram' && got.lutram === 0) out.push('expected LUT-RAM cells, found none');
  if (want.fabric === 'registers') {
    if (got.lutram !== 0) out.push(`expected flip-flops, found ${got.lutram} LUT-RAM cells`);
    if (got.ff < depth * width)
      out.push(`expected at least ${depth * width} flip-flops for the array, found ${got.ff}`);
  }
  // A block or ultra RAM must not have fallen back to fabric storage.
  if (want.fabric === undefined) {
    if (got.lutram !== 0) out.push(`block RAM asked for, but ${got.lutram} LUT-RAM cells appeared`);
    if (got.ff >= depth * width && depth * width > 256)
      out.push(`block RAM asked for, but ${got.ff} flip-flops appeared (flip-flop RAM?)`);
  }
  return out;
}
