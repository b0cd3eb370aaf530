// ttforge command-line entry point: finds the sub-commands in build/commands/ and runs one. Only the
// command asked for is loaded (each pulls in its own part of the library): start-up time is most of
// a small build.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Command } from './command.js';
import { reportError } from './report-error.js';

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
/** build/commands/<file>.ts -> the command's file name without extension. */
const commandFiles = readdirSync(commandsDir)
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

// A relative specifier, so it resolves next to this module wherever it runs (source or compiled cache);
// held in a variable so that no bundler tries to resolve it when compiling.
async function loadFile(base: string): Promise<Command | undefined> {
  const specifier = `./commands/${base}.js`;
  return ((await import(specifier)) as { command?: Command }).command;
}

async function loadCommands(): Promise<Map<string, Command>> {
  const map = new Map<string, Command>();
  for (const f of commandFiles) {
    const c = await loadFile(f);
    if (c) map.set(c.name, c);
  }
  return map;
}

/** The command named `name`: its own file when the names match (all of them today), else a search. */
async function findCommand(name: string): Promise<Command | undefined> {
  if (commandFiles.includes(name)) {
    const c = await loadFile(name);
    if (c?.name === name) return c;
  }
  return (await loadCommands()).get(name);
}

function help(commands: Map<string, Command>): string {
  const width = Math.max(...[...commands.keys()].map((k) => k.length), 4);
  const lines = [...commands.values()].map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'usage: ttforge <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'Run `ttforge <command> --help` for the options of one command.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help(await loadCommands()));
    return name ? 0 : 2;
  }
  const cmd = await findCommand(name);
  if (!cmd) {
    console.error(`ttforge: unknown command '${name}'.\n\n${help(await loadCommands())}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(cmd.usage);
    return 0;
  }
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    process.exitCode = await reportError(err);
  },
);
