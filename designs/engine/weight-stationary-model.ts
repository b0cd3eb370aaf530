// An analytic cycle model of the weight-stationary alternative, used only to choose the dataflow (it
// is not built). Same array, same MAC loop latency P per PE hop, same FP32 order: each PE keeps one
// B[p, j]; the sums for a row of A flow down a column adding p in ascending order; for k > R the partial
// sums leave the column and re-enter for the next k-tile (k-tiles in order, so the order still holds).
// Optimistic on purpose: weight loads are double-buffered and hidden when m >= R, the partial-sum
// round trip costs no memory port, and the tile loop interleaves column tiles to hide the R*P hop delay.
import type { EngineConfig } from './engine-config.js';
import { loopSlots } from './engine-config.js';
import { FETCH_CYCLES } from './engine-config.js';

export function weightStationaryCycles(c: EngineConfig, m: number, n: number, k: number): number {
  const P = loopSlots(c);
  const kTiles = Math.ceil(k / c.rows);
  const nTiles = Math.ceil(n / c.cols);
  // Per k-tile: every column tile streams m rows (at least R cycles to swap weights); the same column
  // tile's next k-tile waits for its first partial sum to come back (R*P hop latency).
  const perKTile = Math.max(nTiles * Math.max(m, c.rows), c.rows * P + 2);
  return FETCH_CYCLES + kTiles * perKTile + c.rows * P + c.rows + c.cols + 2;
}

/** The better orientation, as the output-stationary generator does. */
export const weightStationaryStep = (c: EngineConfig, m: number, n: number, k: number): number =>
  Math.min(weightStationaryCycles(c, m, n, k), weightStationaryCycles(c, n, m, k));
