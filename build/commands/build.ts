// ttforge build: elaborate a design file and write its Verilog and manifest.json atomically.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { Command } from '../command.js';
import { elaborateWithWarnings, emitVerilog, formatDiagnostic, writeOutputAtomically, UserError } from '../../dsl/index.js';
import { loadTop, parseParams } from '../load-design.js';

const usage = `usage: ttforge build <file.ts> [--top Name] [--param key=value ...] --out DIR [--sv] [--source-comments] [--werror]

Elaborates the design's top module (the default export, the only exported module, or --top),
checks it, and writes one Verilog file per module plus DIR/manifest.json:
  {"top": "...", "modules": [...], "files": [...]}
The output folder is replaced atomically: a failed build leaves the previous output untouched.

  --top Name          exported module class to build
  --param key=value   constructor parameter (repeatable; the class lists them in static paramNames)
  --out DIR           output folder (required)
  --sv                emit SystemVerilog (.sv: logic, always_comb, always_ff) instead of Verilog-2005
  --source-comments   append // file.ts:line to generated lines
  --werror            treat warnings as errors`;

export const command: Command = {
  name: 'build',
  summary: 'elaborate a design and write its Verilog (and, with --target u50, the board project)',
  usage,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv, allowPositionals: true,
        options: {
          top: { type: 'string' }, param: { type: 'string', multiple: true }, out: { type: 'string' },
          'source-comments': { type: 'boolean' }, werror: { type: 'boolean' }, target: { type: 'string' }, sv: { type: 'boolean' },
        },
      });
    } catch (e) {
      throw new UserError(`ttforge build: ${(e as Error).message}\n\n${usage}`);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UserError(`ttforge build: expected one design file\n\n${usage}`);
    if (!values.out) throw new UserError(`ttforge build: --out DIR is required\n\n${usage}`);
    if (values.target) throw new UserError(`ttforge build: --target ${values.target} is not available yet (board projects come with the TT linear kernel)`);
    const top = await loadTop(positionals[0]!, values.top, parseParams(values.param ?? []));
    const { design, warnings } = elaborateWithWarnings(top, { allLocations: values['source-comments'] ?? false, warningsAsErrors: values.werror ?? false });
    for (const w of warnings) console.error(formatDiagnostic(w));
    const emitted = emitVerilog(design, { sourceComments: values['source-comments'] ?? false, systemVerilog: values.sv ?? false });
    const manifest = { top: emitted.top, modules: emitted.modules, files: emitted.files.map((f) => f.name) };
    writeOutputAtomically(values.out, [...emitted.files, { name: 'manifest.json', text: JSON.stringify(manifest, null, 2) + '\n' }]);
    console.log(`ttforge: wrote ${emitted.files.length} file(s) for ${emitted.top} to ${path.relative(process.cwd(), path.resolve(values.out)) || '.'}`);
    return 0;
  },
};
