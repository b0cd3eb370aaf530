// Writes generated files atomically: everything goes to a fresh sibling folder first, then replaces
// the output folder in one rename, so a failed build never leaves a half-written output behind.
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

export function writeOutputAtomically(dir: string, files: readonly { name: string; text: string }[]): void {
  const abs = path.resolve(dir);
  mkdirSync(path.dirname(abs), { recursive: true });
  const stage = `${abs}.tmp-${process.pid}-${Date.now()}`;
  const old = `${abs}.old-${process.pid}-${Date.now()}`;
  mkdirSync(stage, { recursive: true });
  try {
    for (const f of files) {
      const target = path.join(stage, f.name);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, f.text);
    }
    if (existsSync(abs)) renameSync(abs, old);
    renameSync(stage, abs);
    rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    if (!existsSync(abs) && existsSync(old)) renameSync(old, abs);
    throw e;
  }
}
