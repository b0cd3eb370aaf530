// Small RAM configurations for simulation and lint: every port arrangement, latency, collision mode,
// enable kind and style. Byte-enable cases start from an init: Icarus prints a hex digit with any
// unknown bit as x, which the simulator bridge reads as 0, so half-written unknown words would not
// compare bit by bit.
import type { RamConfig } from '../../../rtl-lib/mem/ram-config.js';
import { patternInit } from '../../../rtl-lib/mem/synth-matrix.js';
import type { RamKind } from './ram-harness.js';

export const BEHAVIOUR_CASES: readonly { kind: RamKind; cfg: RamConfig }[] = [
  { kind: 'sdp', cfg: { depth: 16, width: 8 } },
  { kind: 'sdp', cfg: { depth: 32, width: 12, latency: 2, collision: 'write-first' } },
  {
    kind: 'sdp',
    cfg: { depth: 16, width: 16, latency: 3, byteWidth: 8, collision: 'write-first', init: patternInit(16, 16) },
  },
  { kind: 'sdp', cfg: { depth: 20, width: 8, latency: 0, style: 'distributed' } },
  // More words than the emitter writes inline: the contents come from a $readmemh file.
  { kind: 'sdp', cfg: { depth: 300, width: 8, init: patternInit(300, 8, 7) } },
  { kind: 'sdp', cfg: { depth: 8, width: 8, style: 'registers', init: patternInit(5, 8) } },
  { kind: 'sp', cfg: { depth: 16, width: 8 } },
  {
    kind: 'sp',
    cfg: { depth: 16, width: 16, latency: 2, byteWidth: 8, collision: 'write-first', init: patternInit(16, 16, 3) },
  },
  { kind: 'sp', cfg: { depth: 16, width: 8, collision: 'no-change', latency: 3 } },
  { kind: 'tdp', cfg: { depth: 16, width: 18, byteWidth: 9, latency: 2, init: patternInit(16, 18, 5) } },
  { kind: 'tdp', cfg: { depth: 16, width: 8, collision: 'write-first' } },
  { kind: 'tdp', cfg: { depth: 16, width: 16, collision: 'no-change', byteWidth: 8, init: patternInit(16, 16, 9) } },
];

export const caseName = (c: { kind: RamKind; cfg: RamConfig }): string =>
  `${c.kind} ${c.cfg.depth}x${c.cfg.width} L${c.cfg.latency ?? 1}${c.cfg.byteWidth ? ` be${c.cfg.byteWidth}` : ''} ${c.cfg.collision ?? 'read-first'} ${c.cfg.style ?? 'block'}${c.cfg.init ? ' init' : ''}`;
