// A small memory design that exercises every part of the subsystem generator: sharing between
// lifetimes, RAMB36, RAMB18, URAM288 with two words per row, four banks, a depth cascade, and a fabric
// tensor (not generated).
import type { MemoryDesign } from '../../../rtl-lib/mem/plan/tensor.js';

export const SMALL_DESIGN: MemoryDesign = {
  name: 'small',
  stages: ['s0', 's1', 's2'],
  tensors: [
    { name: 'a.early', group: 'g', words: 1024, width: 32, live: ['s0', 's1'] },
    { name: 'b.late', group: 'g', words: 1024, width: 32, live: ['s2'] },
    { name: 'c', group: 'g', words: 300, width: 32, live: ['s0', 's1', 's2'] },
    { name: 'd.uram', group: 'g', words: 8192, width: 32, maxPack: 2, live: ['s1', 's2'] },
    { name: 'e.banked', group: 'g', words: 2048, width: 16, parallel: 4, live: ['s0'] },
    { name: 'f.deep', group: 'g', words: 3000, width: 36, live: ['s1'] },
    { name: 'g.small', group: 'g', words: 100, width: 8, live: ['s0'] },
  ],
};
