// The RAM configurations whose synthesis results are checked: every port arrangement, latency,
// enable kind, collision mode and ram_style, at sizes that land on each primitive and aspect.
// `quick` marks the few the unit tests synthesize; the bench synthesizes all.
import type { RamConfig } from './ram-config.js';
import type { RamPorts } from './ram-expectations.js';

export interface SynthCase {
  name: string;
  ports: RamPorts;
  cfg: RamConfig;
  quick?: boolean;
}

/** A repeatable pseudo-random init of `n` words of `width` bits (a linear congruential sequence). */
export function patternInit(n: number, width: number, seed = 1): bigint[] {
  const mask = (1n << BigInt(width)) - 1n;
  let x = BigInt(seed);
  return Array.from({ length: n }, () => {
    x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
    return (x >> 11n) & mask;
  });
}

const c = (name: string, ports: RamPorts, cfg: RamConfig, quick = false): SynthCase => ({ name, ports, cfg, quick });

export const SYNTH_MATRIX: readonly SynthCase[] = [
  // Block RAM aspects (RAMB36 and RAMB18), simple dual port.
  c('sdp-4096x32-block', 'sdp', { depth: 4096, width: 32 }, true),
  c('sdp-512x72-block', 'sdp', { depth: 512, width: 72 }),
  c('sdp-512x36-block', 'sdp', { depth: 512, width: 36 }),
  c('sdp-1024x36-block', 'sdp', { depth: 1024, width: 36 }),
  c('sdp-2048x18-block', 'sdp', { depth: 2048, width: 18 }),
  c('sdp-1024x18-block', 'sdp', { depth: 1024, width: 18 }),
  c('sdp-8192x8-block', 'sdp', { depth: 8192, width: 8 }),
  c('sdp-2048x64-block', 'sdp', { depth: 2048, width: 64 }),
  // Latency, enables, collision modes, init.
  c('sdp-1024x32-L2-block', 'sdp', { depth: 1024, width: 32, latency: 2 }),
  c('sdp-1024x36-L3-block', 'sdp', { depth: 1024, width: 36, latency: 3 }),
  c('sdp-1024x32-be8-block', 'sdp', { depth: 1024, width: 32, byteWidth: 8 }),
  c('sdp-1024x32-wf-block', 'sdp', { depth: 1024, width: 32, collision: 'write-first' }),
  c('sdp-1024x32-init-block', 'sdp', { depth: 1024, width: 32, init: patternInit(1024, 32) }),
  c('sdp-512x32-smallinit-block', 'sdp', { depth: 512, width: 32, init: patternInit(100, 32) }),
  // Single port and true dual port.
  c('sp-1024x32-rf-block', 'sp', { depth: 1024, width: 32 }),
  c('sp-1024x32-wf-block', 'sp', { depth: 1024, width: 32, collision: 'write-first' }),
  c('sp-2048x16-nc-be8-block', 'sp', { depth: 2048, width: 16, collision: 'no-change', byteWidth: 8 }),
  c('tdp-1024x36-block', 'tdp', { depth: 1024, width: 36 }),
  c('tdp-2048x18-L2-block', 'tdp', { depth: 2048, width: 18, latency: 2 }),
  c('tdp-4096x32-be8-block', 'tdp', { depth: 4096, width: 32, byteWidth: 8 }, true),
  // UltraRAM.
  c('sdp-4096x72-ultra', 'sdp', { depth: 4096, width: 72, style: 'ultra' }),
  c('sdp-16384x72-ultra', 'sdp', { depth: 16384, width: 72, style: 'ultra' }, true),
  c('sdp-8192x64-ultra', 'sdp', { depth: 8192, width: 64, style: 'ultra' }),
  c('sdp-4096x72-be9-ultra', 'sdp', { depth: 4096, width: 72, style: 'ultra', byteWidth: 9 }),
  // The data memory's packed banks: two 32-bit words a row, a write-enable lane per word.
  c('sdp-8192x64-be32-ultra', 'sdp', { depth: 8192, width: 64, style: 'ultra', byteWidth: 32 }),
  c('sdp-4096x72-L3-ultra', 'sdp', { depth: 4096, width: 72, style: 'ultra', latency: 3 }),
  c('sp-8192x72-ultra', 'sp', { depth: 8192, width: 72, style: 'ultra' }),
  // Fabric.
  c('sdp-64x16-distributed', 'sdp', { depth: 64, width: 16, style: 'distributed' }, true),
  c('sdp-256x32-L0-distributed', 'sdp', { depth: 256, width: 32, style: 'distributed', latency: 0 }),
  c('sp-128x8-distributed', 'sp', { depth: 128, width: 8, style: 'distributed' }),
  c('sdp-16x8-registers', 'sdp', { depth: 16, width: 8, style: 'registers' }, true),
  c('sdp-32x16-L0-registers', 'sdp', { depth: 32, width: 16, style: 'registers', latency: 0 }),
];
