// `ttforge init DIR`: a starter project outside the checkout: a design, a testbench, package.json
// (depending on this ttforge by `file:` path) and tsconfig.json, laid out as docs/projects.md says.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from '../command.js';
import { UserError } from '../../dsl/diagnostics.js';
import { ttforgeRoot } from '../user-import.js';

const usage = `usage: ttforge init DIR [--name NAME]

Writes a starter ttforge project into DIR (new or empty):
  package.json       depends on this ttforge by file: path; scripts build and sim
  tsconfig.json      the compiler settings ttforge's own code is checked with
  src/blinker.ts     a design: a counter that toggles an LED output every 'period' cycles
  test/blinker.tb.ts its testbench, run by ttforge sim on any back end
  .gitignore
Then: cd DIR && npm install && npm run build && npm run sim

  --name NAME   the package name (default: DIR's folder name)`;

const design = `// A starter design: the LED output toggles every 'period' cycles while 'enable' is high.
import { Bool, Module, UInt, type ParamsOf, when, withDefaults } from 'ttforge/dsl';

export class Blinker extends Module {
  /** Parameters and their defaults: ttforge build ... --param period=4 */
  static readonly params = { period: 8 };
  readonly enable = this.input(Bool());
  readonly led = this.output(Bool());

  constructor(p: ParamsOf<typeof Blinker.params> = {}) {
    const { period } = withDefaults(Blinker.params, p);
    super({ period });
    const width = Math.max(1, Math.ceil(Math.log2(period)));
    const count = this.reg(UInt(width), { init: 0 });
    const lit = this.reg(Bool(), { init: 0 });
    const last = count.eq(UInt(width).lit(period - 1));
    when(this.enable, () => {
      when(last, () => {
        count.set(0);
        lit.set(lit.not());
      }).otherwise(() => count.set(count.add(1)));
    });
    this.led.set(lit);
  }
}

export default Blinker;
`;

const testbench = `// The starter design's testbench: npx ttforge sim test/blinker.tb.ts --backend builtin (or verilator, icarus, all).
import { defineTestbench } from 'ttforge/sim';
import { Blinker } from '../src/blinker.js';

export default defineTestbench({
  name: 'blinker toggles every period cycles while enabled',
  design: () => new Blinker({ period: 4 }),
  async run(sim) {
    await sim.reset();
    sim.poke('enable', 1);
    for (let toggle = 1; toggle <= 3; toggle++) {
      await sim.step(4);
      sim.expect('led', toggle % 2, \`after \${4 * toggle} enabled cycles\`);
    }
    sim.poke('enable', 0);
    await sim.step(10);
    sim.expect('led', 1, 'held while disabled');
  },
});
`;

const tsconfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2022'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src', 'test'],
};

function packageJson(name: string, ttforgeDep: string): object {
  return {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      build: 'ttforge build src/blinker.ts --out out/blinker',
      sim: 'ttforge sim test/blinker.tb.ts',
    },
    // TypeScript and Node's types for editors and tsc (ttforge's own sources use Node's APIs).
    devDependencies: { ttforge: ttforgeDep, typescript: '^5.9.3', '@types/node': '^20.19.43' },
  };
}

/** The files of a starter project in `dir` (relative names, text). */
export function starterFiles(dir: string, name: string): { name: string; text: string }[] {
  // A relative path keeps the project movable together with the checkout.
  const rel = path.relative(path.resolve(dir), ttforgeRoot).split(path.sep).join('/') || '.';
  const json = (x: object) => `${JSON.stringify(x, null, 2)}\n`;
  return [
    { name: 'package.json', text: json(packageJson(name, `file:${rel}`)) },
    { name: 'tsconfig.json', text: json(tsconfig) },
    { name: 'src/blinker.ts', text: design },
    { name: 'test/blinker.tb.ts', text: testbench },
    { name: '.gitignore', text: 'node_modules/\nout/\n*.vcd\n' },
  ];
}

/** npm package names: lower case, no spaces; a folder name is made into one. */
function packageName(dir: string): string {
  const base = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '');
  return base || 'ttforge-project';
}

export const command: Command = {
  name: 'init',
  summary: 'write a starter project (design, testbench, package.json, tsconfig) into a new folder',
  usage,
  async run(argv) {
    // biome-ignore lint/suspicious/noImplicitAnyLet: parseArgs' own type, inferred inside the try
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { name: { type: 'string' } } });
    } catch (e) {
      throw new UserError(`ttforge init: ${(e as Error).message}\n\n${usage}`);
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UserError(`ttforge init: expected one folder\n\n${usage}`);
    const dir = positionals[0]!;
    if (existsSync(dir) && readdirSync(dir).length)
      throw new UserError(`ttforge init: ${dir} is not empty; give a new or empty folder`);
    const files = starterFiles(dir, values.name ?? packageName(dir));
    for (const f of files) {
      const target = path.join(dir, f.name);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, f.text);
    }
    console.log(`ttforge: wrote a starter project to ${dir}: ${files.map((f) => f.name).join(', ')}`);
    console.log(`next: cd ${dir} && npm install && npm run build && npm run sim`);
    return 0;
  },
};
