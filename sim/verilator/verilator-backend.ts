// The Verilator back end: the emitted Verilog, Verilated with the generated harness (harness-cpp.ts),
// built once and cached; driven over the binary protocol.
import type { Design } from '../../dsl/ir/netlist.js';
import { simulationSources } from '../external/verilog-files.js';
import { flattenDesign } from '../flatten.js';
import { defaultClockPort } from '../external/clock.js';
import { SimChannel } from '../external/channel.js';
import { binaryCodec } from '../external/codec.js';
import { ExternalBackend } from '../external/external-backend.js';
import { Op, nameWords, words } from '../external/protocol.js';
import { portTable } from '../external/signal-table.js';
import { buildVerilator, type VerilatorBuild } from './build.js';
import { harnessSource } from './harness-cpp.js';
import path from 'node:path';
import { UserError } from '../../dsl/diagnostics.js';

export interface VerilatorOptions {
  vcd?: string | undefined;
  cacheDir: string;
  log?: ((msg: string) => void) | undefined;
  internals?: boolean | undefined;
}

export async function prepareVerilator(design: Design, opts: VerilatorOptions): Promise<VerilatorBuild> {
  const fd = flattenDesign(design);
  const harness = harnessSource(design.top.name, portTable(fd), defaultClockPort(fd));
  return buildVerilator({
    topName: design.top.name,
    files: simulationSources(design),
    harness,
    trace: !!opts.vcd,
    internals: opts.internals,
    cacheDir: opts.cacheDir,
    log: opts.log,
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
  const backend = new ExternalBackend(
    'verilator',
    fd,
    channel,
    binaryCodec,
    {
      signal: (ref, name) => {
        if (opts.internals === false)
          throw new UserError(
            `signal '${ref.name}': this Verilator model was built with internals: false (ports only)`,
          );
        return {
          index: nports + nInternal++,
          check: ask(Buffer.concat([words(Op.regSignal), nameWords(name), words(ref.width)])),
        };
      },
      memory: (ref, name) => {
        if (opts.internals === false)
          throw new UserError(
            `memory '${ref.name}': this Verilator model was built with internals: false (ports only)`,
          );
        return { index: nMem++, check: ask(Buffer.concat([words(Op.regMemory), nameWords(name), words(ref.width)])) };
      },
    },
    (hier) => `TOP.${design.top.name}.${hier}`,
    true,
  );
  return Object.assign(backend, { build });
}
