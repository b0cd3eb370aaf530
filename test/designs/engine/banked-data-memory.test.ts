// The engine's banked data memory on its own: skewed vector writes and reads with random bases and
// strides (every stride that is not a multiple of the bank count), host writes and reads, compared word
// for word with a flat array (host reads two cycles after the address, host writes landing one later), with 32-bit block-RAM banks and with URAM banks packing two words a row.
import assert from 'node:assert/strict';
import { BankedDataMemory, dataMemoryShape } from '../../../designs/engine/banked-data-memory.js';
import { Rng } from '../../../designs/transformer/rng.js';
import type { RamStyle } from '../../../rtl-lib/mem/ram-config.js';
import { simulate } from '../../../sim/simulate.js';
import { hasIcarus } from '../../../sim/tools.js';

const DEPTH = 1024;
const R = 3,
  C = 5,
  BANKS = 17;

/** A lane stride that keeps `lanes` lanes of every vector distinct in the banks. */
function stride(rng: Rng, lanes: number): number {
  for (;;) {
    const s = rng.int(3) === 0 ? rng.int(3) : 1 + rng.int(120); // small strides, 0 (broadcast) and wide ones
    if (s === 0 || s % BANKS !== 0) return s === 0 && lanes > 1 && rng.int(2) === 0 ? 1 : s;
  }
}

async function exercise(backend: 'builtin' | 'icarus', style: RamStyle, seed: number): Promise<number> {
  const rng = new Rng(seed);
  const sim = await simulate(
    new BankedDataMemory({ depth: DEPTH, rows: R, cols: C, banks: BANKS, addrBits: 24, style }),
    { backend },
  );
  const model = new Uint32Array(DEPTH);
  const word = () => (rng.int(0x10000) * 0x10000 + rng.int(0x10000)) >>> 0;
  let checked = 0;
  try {
    const idle = () => {
      sim.poke('host_we', 0);
      sim.poke('wr_en_0', 0);
      for (let c = 0; c < C; c++) sim.poke(`wr_en_${c}`, 0);
    };
    // Host writes every word.
    sim.poke('host_sel', 1);
    for (let a = 0; a < DEPTH; a++) {
      model[a] = word();
      sim.poke('host_we', 1);
      sim.poke('host_waddr', a);
      sim.poke('host_wdata', model[a]!);
      await sim.step();
    }
    idle();
    sim.poke('host_sel', 0);
    for (let phase = 0; phase < 4; phase++) {
      // Vector writes, one per cycle, column c c cycles after column 0 (the drain's skew).
      const ws = stride(rng, C);
      sim.poke('wr_stride', ws);
      await sim.step(2);
      const writes = Array.from({ length: 40 }, () => {
        const base = rng.int(DEPTH - (C - 1) * ws);
        return {
          base,
          data: Array.from({ length: C }, () => word()),
          en: Array.from({ length: C }, () => rng.int(5) !== 0),
        };
      });
      for (let t = 0; t < writes.length + C; t++) {
        if (t < writes.length) sim.poke('wr_addr', writes[t]!.base);
        for (let c = 0; c < C; c++) {
          const v = writes[t - c];
          sim.poke(`wr_en_${c}`, v ? (v.en[c] ? 1 : 0) : 0);
          sim.poke(`wr_data_${c}`, v ? v.data[c]! : 0);
        }
        await sim.step();
      }
      for (const w of writes) for (let c = 0; c < C; c++) if (w.en[c]) model[w.base + c * ws] = w.data[c]!;
      idle();
      await sim.step(C + 2);
      assert.equal(await sim.peek('writes_pending'), 0n);
      // Vector reads on the three roles at once, one per cycle; lane r's word r cycles after lane 0's.
      const roles = [
        ['a', R],
        ['b', C],
        ['fill', C],
      ] as const;
      const strides = roles.map(([, n]) => stride(rng, n));
      roles.forEach(([role], i) => sim.poke(`${role}_stride`, strides[i]!));
      await sim.step(2);
      const reads = Array.from({ length: 30 }, () => roles.map(([, n], i) => rng.int(DEPTH - (n - 1) * strides[i]!)));
      for (let t = 0; t < reads.length + 2 + C; t++) {
        if (t < reads.length) roles.forEach(([role], i) => sim.poke(`${role}_addr`, reads[t]![i]!));
        for (const [i, [role, n]] of roles.entries()) {
          for (let r = 0; r < n; r++) {
            const v = reads[t - 2 - r];
            if (!v) continue;
            const got = Number(await sim.peek(`${role}_data_${r}`));
            assert.equal(
              got,
              model[v[i]! + r * strides[i]!],
              `${role} lane ${r}, vector ${t - 2 - r}, stride ${strides[i]}`,
            );
            checked++;
          }
        }
        await sim.step();
      }
    }
    // Host reads every word through both ports (latency 2).
    sim.poke('host_sel', 1);
    for (let a = 0; a < DEPTH + 2; a++) {
      if (a < DEPTH) {
        sim.poke('host_raddr', a);
        sim.poke('host_raddr2', DEPTH - 1 - a);
      }
      const w = a - 2;
      if (w >= 0) {
        assert.equal(Number(await sim.peek('host_rdata')), model[w], `host word ${w}`);
        assert.equal(Number(await sim.peek('host_rdata2')), model[DEPTH - 1 - w], `host port 2 word ${DEPTH - 1 - w}`);
        checked += 2;
      }
      await sim.step();
    }
  } finally {
    await sim.close();
  }
  return checked;
}

describe('designs/engine banked data memory', function () {
  this.timeout(300_000);
  for (const backend of ['builtin', 'icarus'] as const) {
    for (const style of ['block', 'ultra'] as const) {
      it(`${backend}, ${style} banks: skewed vector writes and reads with random strides, and host ports, word for word`, async function () {
        if (backend === 'icarus' && !hasIcarus()) this.skip();
        const n = await exercise(backend, style, style === 'block' ? 11 : 12);
        assert.ok(n > 2 * DEPTH + 4 * 30 * (R + 2 * C) * 0.9, `${n} words compared`);
      });
    }
  }

  it('shape and cost: three copies of 17 banks; URAM rows hold two words', () => {
    assert.deepEqual(dataMemoryShape(17, 262144), {
      banks: 17,
      copies: 3,
      rowsPerBank: 16384,
      style: 'ultra',
      ramPorts: '1 write + 1 read',
      storedWords: 835584,
      bram36: 0,
      uram288: 102,
    });
    assert.deepEqual(dataMemoryShape(17, 1024).bram36, 51);
  });
});
