// Simulation failures: a mismatch names the first failing cycle, the signal, the expected and actual
// values (hex, plus fp32 for float-tagged signals) and shows a waveform excerpt when one was recorded.
import { UserError } from '../dsl/diagnostics.js';
import { fp32Of, hex } from './bits.js';

export interface MismatchInfo {
  cycle: number;
  signal: string;
  width: number;
  expected: bigint;
  actual: bigint;
  float: boolean;
  message?: string | undefined;
  wave?: string | undefined;
}

export function describeValue(v: bigint, width: number, float: boolean): string {
  const base = `${hex(v, width)} (${v})`;
  return float ? `${base} = fp32 ${fp32Of(v)}` : base;
}

/** TTF160: a checked value differed. */
export class SimulationMismatch extends UserError {
  constructor(
    readonly info: MismatchInfo,
    backend: string,
  ) {
    super(
      [
        `simulation mismatch (${backend}) at cycle ${info.cycle}, signal '${info.signal}'${info.message ? `: ${info.message}` : ''}`,
        `  expected ${describeValue(info.expected, info.width, info.float)}`,
        `  actual   ${describeValue(info.actual, info.width, info.float)}`,
        ...(info.wave ? ['', info.wave] : []),
      ].join('\n'),
      { code: 'TTF160' },
    );
    this.name = 'SimulationMismatch';
  }
}

/** TTF161: the simulation ran into its cycle limit (a hang, or a condition that never came true). */
export class SimulationLimit extends UserError {
  constructor(message: string) {
    super(`simulation cycle limit reached: ${message}`, { code: 'TTF161' });
    this.name = 'SimulationLimit';
  }
}
