// The kernel shell with the tiny program (tiny-program.ts) as a buildable top, for the CLI:
//   ttforge build designs/transformer-kernel/tiny-kernel.ts --target u50 --param maxTokens=8
// The same hardware as the tests build; the whole-model program replaces the tiny one when it runs here.
import { withDefaults, type ParamsOf } from '../../dsl/index.js';
import type { CombinedConfig } from '../engine/combined-core.js';
import { parseEngineShape } from '../engine/engine-config.js';
import { tinyKernel } from './tiny-program.js';
import { TransformerTrainKernel } from './transformer-kernel.js';

export class TinyTransformerKernel extends TransformerTrainKernel {
  /** The record shape, the engine 'RxC:macStages', vector lanes, the longest AXI burst. */
  static readonly params = {
    vocab: 50,
    maxTokens: 6,
    intents: 5,
    slots: 7,
    engine: '2x3:1',
    lanes: 2,
    maxBeats: 8,
  };

  constructor(p: ParamsOf<typeof TinyTransformerKernel.params> = {}) {
    const { vocab, maxTokens, intents, slots, engine, lanes, maxBeats } = withDefaults(TinyTransformerKernel.params, p);
    const core: CombinedConfig = {
      engine: parseEngineShape(engine),
      lanes,
      engineDepth: 256,
      vectorDepth: 128,
      progDepth: 16,
      families: ['arith'],
    };
    super(tinyKernel({ vocab, maxTokens, intents, slots }, core, maxBeats).options);
  }
}

export default TinyTransformerKernel;
