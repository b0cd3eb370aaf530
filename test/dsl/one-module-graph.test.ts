// Node 20.19+ lets mocha require() the test files, and tsx then compiles them and everything they
// import to CommonJS, while the simulators' dynamic import() loads a second, ES-module copy of the
// same files. Two copies of dsl/source-loc.ts (and of every class) broke location capture: Node
// keeps one source map per file, the later copy's, so the first copy's positions no longer mapped
// and FP unit wires lost their names. .mocharc.json turns require(esm) off so mocha imports.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('test process', () => {
  it("loads ttforge's TypeScript once, as ES modules (no .ts file in the CommonJS cache)", () => {
    const cache = createRequire(import.meta.url).cache;
    const ours = Object.keys(cache).filter(
      (f) => f.startsWith(root + path.sep) && f.endsWith('.ts') && !f.includes(`${path.sep}node_modules${path.sep}`),
    );
    assert.deepEqual(ours, []);
  });
});
