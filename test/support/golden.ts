// Golden files: compare generated text with checked-in files, or rewrite them when the run sets
// TTFORGE_UPDATE_GOLDEN=1 (`npm run golden:update`). A review of the diff is the review of the change.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

export const updatingGoldens = process.env.TTFORGE_UPDATE_GOLDEN === '1';

/** Checks (or rewrites) the whole folder `dir`: same file names, same bytes. */
export function checkGoldenFolder(dir: string, files: readonly { name: string; text: string }[]): void {
  if (updatingGoldens) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const f of files) writeFileSync(path.join(dir, f.name), f.text);
    return;
  }
  assert.ok(existsSync(dir), `no goldens in ${dir}: run npm run golden:update and review the files`);
  const want = readdirSync(dir).sort();
  const got = files.map((f) => f.name).sort();
  assert.deepEqual(got, want, `files emitted differ from the goldens in ${dir}`);
  for (const f of files) {
    const golden = readFileSync(path.join(dir, f.name), 'utf8');
    if (golden !== f.text) {
      assert.equal(f.text, golden, `${f.name} differs from its golden in ${dir} (npm run golden:update rewrites it)`);
    }
  }
}
