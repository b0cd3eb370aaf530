// A bench measuring in a process of its own: the bench runs its own file again with one argument, the
// child prints its result as one marked JSON line, and the parent passes the child's other output on.
// Used where one process would skew the figures (a level's code compiled for another level's arrays,
// one scenario's garbage counted in the next's).
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** In the child: the result line the parent reads. */
export function printChildResult(mark: string, value: unknown): void {
  process.stdout.write(`${mark}${JSON.stringify(value)}\n`);
}

/** In the parent: runs `scriptUrl` with `arg` under the same node options and returns its result. */
export async function resultFromChild<T>(scriptUrl: string, arg: string, mark: string): Promise<T> {
  const r = await execa(process.execPath, [...process.execArgv, fileURLToPath(scriptUrl), arg], {
    env: process.env,
    stderr: 'inherit',
  });
  const lines = r.stdout.split('\n');
  for (const l of lines) if (!l.startsWith(mark)) console.log(l);
  const line = lines.find((l) => l.startsWith(mark));
  if (!line) throw new Error(`${fileURLToPath(scriptUrl)} ${arg} printed no result`);
  return JSON.parse(line.slice(mark.length)) as T;
}
