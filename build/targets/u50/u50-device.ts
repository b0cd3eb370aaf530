// The AMD Alveo U50: part, Vitis platform, the resources the estimate is set against and the board's
// power envelope. The block and ultra RAM counts are the memory planner's device budget (one number each).
import { U50 } from '../../../rtl-lib/mem/plan/primitives.js';

export const U50_PART = 'xcu50-fsvh2104-2-e';
export const U50_PLATFORM = 'xilinx_u50_gen3x16_xdma_5_202210_1';

/** Device capacity (UltraScale+ xcu50: 872K LUT, 1,743K FF, 5,952 DSP48E2, 1,344 BRAM36, 640 URAM288). */
export const U50_CAPACITY = {
  lut: 871_680,
  ff: 1_743_360,
  dsp: 5_952,
  bram36: U50.bram36,
  uram288: U50.uram288,
} as const;

/** Board power envelope of the Alveo U50 (maximum total power, watts). */
export const U50_POWER_W = 75;

export type U50Resource = keyof typeof U50_CAPACITY;

/** Default kernel clock: 300 MHz, the U50 platform's default kernel clock. */
export const DEFAULT_CLOCK_MHZ = 300;

/** Clock period in ns with three decimals, as constraints write it. */
export function periodNs(mhz: number): string {
  if (!(mhz > 0 && mhz <= 1000)) throw new Error(`clock frequency must be in (0, 1000] MHz, got ${mhz}`);
  return (1000 / mhz).toFixed(3);
}
