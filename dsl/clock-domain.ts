// Clock domains: a clock and an optional reset with its kind and polarity. Every module has a
// default domain (ports `clk` and `rst`), created the first time a register needs it.
import type { Signal } from './signal.js';

export type ResetKind = 'sync' | 'async';

export interface ClockDomain {
  readonly name: string;
  readonly clock: Signal;
  /** Created on first use by a register with a reset value. */
  reset: Signal | undefined;
  readonly resetKind: ResetKind;
  readonly resetActiveLow: boolean;
  /** Name for the reset port when it is created lazily. */
  readonly resetName: string;
}
