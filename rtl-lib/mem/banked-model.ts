// Cycle models of BankedTensor and PingPongBuffer over the logical contents (no banks inside), for
// comparison with the hardware. Unknown values (never written, or read registers before their first
// load) are undefined.
import type { BankMap } from './bank-map.js';

export interface BankedInputs {
  wr_en: boolean;
  wr_index: number;
  wr_data: bigint;
  wr_row_en: boolean;
  wr_row: number;
  wr_lanes: readonly bigint[];
  rd_en: boolean;
  rd_index: number;
}

export interface BankedOutputs {
  rd_data: bigint | undefined;
  rd_lanes: (bigint | undefined)[];
}

export class BankedTensorModel {
  readonly values: (bigint | undefined)[];
  /** Stage 1 .. latency of the read path. */
  private readonly stages: BankedOutputs[];

  constructor(
    readonly map: BankMap,
    readonly latency: number,
  ) {
    this.values = Array.from({ length: map.words }, () => undefined);
    const empty = (): BankedOutputs => ({
      rd_data: undefined,
      rd_lanes: Array.from({ length: map.banks }, () => undefined),
    });
    this.stages = Array.from({ length: latency }, empty);
  }

  /** The row holding element i, lane k = bank k. */
  private row(i: number): (bigint | undefined)[] {
    const { addr } = this.map.locate(i);
    const rowAddr = this.map.partition === 'complete' ? 0 : addr;
    return Array.from({ length: this.map.banks }, (_, k) => {
      const j = this.map.index(k, rowAddr);
      return j === undefined ? undefined : this.values[j];
    });
  }

  step(p: BankedInputs): BankedOutputs {
    for (let s = this.latency - 1; s >= 1; s--) this.stages[s] = this.stages[s - 1]!;
    if (p.rd_en) this.stages[0] = { rd_data: this.values[p.rd_index], rd_lanes: this.row(p.rd_index) };
    if (p.wr_row_en) {
      for (let k = 0; k < this.map.banks; k++) {
        const j = this.map.index(k, this.map.partition === 'complete' ? 0 : p.wr_row);
        if (j !== undefined) this.values[j] = p.wr_lanes[k]!;
      }
    } else if (p.wr_en) {
      this.values[p.wr_index] = p.wr_data;
    }
    return this.stages[this.latency - 1]!;
  }
}

export interface PingPongInputs {
  swap: boolean;
  wr_en: boolean;
  wr_addr: number;
  wr_data: bigint;
  rd_en: boolean;
  rd_addr: number;
}

export class PingPongModel {
  readonly buffers: (bigint | undefined)[][];
  wrBuf = 0;
  private readonly stages: (bigint | undefined)[];

  constructor(
    readonly depth: number,
    readonly latency: number,
  ) {
    this.buffers = [0, 1].map(() => Array.from({ length: depth }, () => undefined));
    this.stages = Array.from({ length: latency }, () => undefined);
  }

  /** One edge; returns { rd_data, wr_buf } after it. */
  step(p: PingPongInputs): { rd_data: bigint | undefined; wr_buf: number } {
    for (let s = this.latency - 1; s >= 1; s--) this.stages[s] = this.stages[s - 1];
    if (p.rd_en) this.stages[0] = this.buffers[1 - this.wrBuf]![p.rd_addr];
    if (p.wr_en) this.buffers[this.wrBuf]![p.wr_addr] = p.wr_data;
    if (p.swap) this.wrBuf = 1 - this.wrBuf;
    return { rd_data: this.stages[this.latency - 1], wr_buf: this.wrBuf };
  }
}
