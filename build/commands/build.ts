// ttforge build: elaborate a design file and write its Verilog and manifest.json atomically.
import { parseArgs } from 'node:util';
import path from 'node:path';
import type { Command } from '../command.js';
import {
  elaborateWithWarnings,
  emitVerilog,
  formatDiagnostic,
  writeOutputAtomically,
  UserError,
} from '../../dsl/index.js';
import { loadTop } from '../load-design.js';
import { typecheckUserFile } from '../typecheck.js';
import { buildTarget, targetNames } from '../targets/index.js';

const usage = `usage: ttforge build <file.ts> [--top Name] [--param key=value ...] --out DIR [--sv] [--source-comments] [--werror]
                     [--target u50 [--clock-mhz F] [--no-estimate]] [--no-typecheck]

Elaborates the design's top module (the default export, the only exported module, or --top),
checks it, and writes one Verilog file per module plus DIR/manifest.json:
  {"top": "...", "modules": [...], "files": [...]}
The output folder is replaced atomically: a failed build leaves the previous output untouched.

  --top Name          exported module class to build
  --param name=value  a parameter the top module's class declares in static params (repeatable; the
                      value is parsed as the type of the parameter's default)
  --out DIR           output folder (required)
  --sv                emit SystemVerilog (.sv: logic, always_comb, always_ff) instead of Verilog-2005
  --source-comments   append // file.ts:line to generated lines
  --werror            treat warnings as errors
  --target u50        also write the Alveo U50 project: rtl/*.v, constraints.xdc, vivado.tcl, the memory
                      plan, a Yosys estimate against the U50 and, for a Vitis kernel top (VitisKernel),
                      kernel.xml, package_xo.tcl and the control register map (see docs/u50.md)
  --clock-mhz F       kernel clock for constraints.xdc (default 300)
  --no-estimate       skip the Yosys resource estimate
  --no-typecheck      skip type-checking the design file and the files of yours it imports (on by default;
                      a check that passed is remembered until one of those files changes)`;

export const command: Command = {
  name: 'build',
  summary: 'elaborate a design and write its Verilog (and, with --target u50, the board project)',
  usage,
  async run(argv) {
    // biome-ignore lint/suspicious/noImplicitAnyLet: the type is parseArgs' own, inferred from its options inside the try
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          top: { type: 'string' },
          param: { type: 'string', multiple: true },
          out: { type: 'string' },
          'source-comments': { type: 'boolean' },
          werror: { type: 'boolean' },
          target: { type: 'string' },
          'clock-mhz': { type: 'string' },
          'no-estimate': { type: 'boolean' },
          sv: { type: 'boolean' },
          typecheck: { type: 'boolean' },
          'no-typecheck': { type: 'boolean' },
        },
      });
    } catch (e) {
      throw new UserError(`ttforge build: ${(e as Error).message}\n\n${usage}`);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UserError(`ttforge build: expected one design file\n\n${usage}`);
    if (!values.out) throw new UserError(`ttforge build: --out DIR is required\n\n${usage}`);
    if (values.target !== undefined && !targetNames.includes(values.target))
      throw new UserError(`ttforge build: unknown --target '${values.target}' (available: ${targetNames.join(', ')})`);
    if (values.target === undefined && (values['clock-mhz'] !== undefined || values['no-estimate']))
      throw new UserError(`ttforge build: --clock-mhz and --no-estimate go with --target\n\n${usage}`);
    const clockMhz = values['clock-mhz'] === undefined ? undefined : Number(values['clock-mhz']);
    if (clockMhz !== undefined && !(clockMhz > 0 && clockMhz <= 1000))
      throw new UserError(
        `ttforge build: --clock-mhz must be a frequency in MHz (0 < F <= 1000), got '${values['clock-mhz']}'`,
      );
    if (!values['no-typecheck']) await typecheckUserFile(positionals[0]!);
    const top = await loadTop(positionals[0]!, values.top, values.param ?? []);
    const { design, warnings } = elaborateWithWarnings(top, {
      allLocations: values['source-comments'] ?? false,
      warningsAsErrors: values.werror ?? false,
    });
    for (const w of warnings) console.error(formatDiagnostic(w));
    const emitted = emitVerilog(design, {
      sourceComments: values['source-comments'] ?? false,
      systemVerilog: values.sv ?? false,
    });
    if (values.target !== undefined) {
      const t = await buildTarget(values.target, top, design, emitted, {
        clockMhz,
        estimate: !values['no-estimate'],
        progress: (line) => console.error(`ttforge: ${line}`),
      });
      writeOutputAtomically(values.out, t.files);
      for (const note of t.notes) console.log(`ttforge: ${note}`);
      console.log(
        `ttforge: wrote the ${values.target} project for ${emitted.top} (${t.files.length} files) to ${path.relative(process.cwd(), path.resolve(values.out)) || '.'}`,
      );
      return 0;
    }
    const manifest = { top: emitted.top, modules: emitted.modules, files: emitted.files.map((f) => f.name) };
    writeOutputAtomically(values.out, [
      ...emitted.files,
      { name: 'manifest.json', text: `${JSON.stringify(manifest, null, 2)}\n` },
    ]);
    console.log(
      `ttforge: wrote ${emitted.files.length} file(s) for ${emitted.top} to ${path.relative(process.cwd(), path.resolve(values.out)) || '.'}`,
    );
    return 0;
  },
};
