// The Verilator back end: the emitted Verilog, Verilated with the generated harness (harness-cpp.ts),
// built once and cached; driven over the binary protocol.
import path from 'node:path';
import { UserError } from '../../dsl/diagnostics.js';
import type { Design } from '../../dsl/ir/netlist.js';
import type { NativeAgentSpec } from '../agents.js';
import { SimChannel } from '../external/channel.js';
import { defaultClockPort } from '../external/clock.js';
import { binaryCodec } from '../external/codec.js';
import { ExternalBackend } from '../external/external-backend.js';
import { nameWords, Op, words } from '../external/protocol.js';
import { portTable } from '../external/signal-table.js';
import { simulationSources } from '../external/verilog-files.js';
import { flattenDesign } from '../flatten.js';
import type { ProgressSink } from '../progress-line.js';
import { buildVerilator, type VerilatorBuild } from './build.js';
import { harnessSource } from './harness-cpp.js';
import { modelConfig } from './model-config.js';

export interface VerilatorOptions {
  vcd?: string | undefined;
  cacheDir: string;
  log?: ((msg: string) => void) | undefined;
  /**
   * true: every internal signal and memory reachable (--public-flat-rw); false: ports only; a list:
   * only those hierarchical names (the model builds several times faster than with true).
   */
  internals?: boolean | readonly string[] | undefined;
  agents?: readonly NativeAgentSpec[] | undefined;
  threads?: number | undefined;
  /** Modules instantiated often verilated once, as hierarchy blocks (with listed or no internals). */
  hierarchy?: boolean | undefined;
  progress?: ProgressSink | false | undefined;
}

export async function prepareVerilator(design: Design, opts: VerilatorOptions): Promise<VerilatorBuild> {
  const fd = flattenDesign(design);
  const agents = opts.agents ?? [];
  const harness = harnessSource(design.top.name, portTable(fd), defaultClockPort(fd), agents);
  const listed =
    opts.internals === false ? [] : Array.isArray(opts.internals) ? (opts.internals as readonly string[]) : undefined;
  // Tracing needs every module inlined (hierarchy blocks cannot be traced).
  const config = listed ? modelConfig(design, listed, opts.hierarchy).lines : [];
  return buildVerilator({
    topName: design.top.name,
    files: simulationSources(design),
    harness,
    trace: !!opts.vcd,
    internals: opts.internals === true || opts.internals === undefined,
    config: opts.vcd ? config.filter((l) => !l.startsWith('hier_block')) : config,
    threads: opts.threads,
    cacheDir: opts.cacheDir,
    log: opts.log,
    progress: opts.progress,
  });
}

export async function createVerilatorBackend(
  design: Design,
  opts: VerilatorOptions,
): Promise<ExternalBackend & { build: VerilatorBuild }> {
  const fd = flattenDesign(design);
  const build = await prepareVerilator(design, opts);
  const args = opts.vcd ? [path.resolve(opts.vcd)] : [];
  const channel = new SimChannel(build.exe, args, `Verilator model ${design.top.name}`, build.dir);
  const nports = fd.ports.length;
  let nInternal = 0;
  let nMem = 0;
  const ask = (b: Buffer): Promise<boolean> =>
    channel.request(b, { kind: 'bytes', n: 4 }).then((r) => r.readUInt32LE(0) === 1);
  const listed = Array.isArray(opts.internals) ? new Set(opts.internals as readonly string[]) : undefined;
  const reachable = (kind: string, name: string): void => {
    if (opts.internals === false)
      throw new UserError(`${kind} '${name}': this Verilator model was built with internals: false (ports only)`);
    if (listed && !listed.has(name))
      throw new UserError(
        `${kind} '${name}' is not in this Verilator model's internals list (${[...listed].join(', ') || 'empty'}): add it to the internals option of simulate()`,
      );
  };
  const backend = new ExternalBackend(
    'verilator',
    fd,
    channel,
    binaryCodec,
    {
      signal: (ref, name) => {
        reachable('signal', ref.name);
        return {
          index: nports + nInternal++,
          check: ask(Buffer.concat([words(Op.regSignal), nameWords(name), words(ref.width)])),
        };
      },
      memory: (ref, name) => {
        reachable('memory', ref.name);
        return { index: nMem++, check: ask(Buffer.concat([words(Op.regMemory), nameWords(name), words(ref.width)])) };
      },
    },
    (hier) => `TOP.${design.top.name}.${hier}`,
    true,
    (opts.agents ?? []).map((a) => a.name),
  );
  return Object.assign(backend, { build });
}
