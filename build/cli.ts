// ttforge command-line entry point: finds the sub-commands in build/commands/ and runs one.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Command } from './command.js';
import { reportError } from './report-error.js';

const commandsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');

async function loadCommands(): Promise<Map<string, Command>> {
  const files = readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const map = new Map<string, Command>();
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(commandsDir, f)).href)) as { command?: Command };
    if (mod.command) map.set(mod.command.name, mod.command);
  }
  return map;
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
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help(commands));
    return name ? 0 : 2;
  }
  const cmd = commands.get(name);
  if (!cmd) {
    console.error(`ttforge: unknown command '${name}'.\n\n${help(commands)}`);
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
  (err: unknown) => {
    process.exitCode = reportError(err);
  },
);
