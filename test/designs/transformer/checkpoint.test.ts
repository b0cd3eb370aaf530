import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CheckpointError,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
} from '../../../designs/transformer/checkpoint.js';

describe('transformer/checkpoint', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const arrays = () => [
    { name: 'a', data: Float32Array.from([1.5, -2, Math.fround(0.1)]) },
    { name: 'b', data: Float64Array.from([Math.PI, -0, 1e-300, Number.MAX_VALUE]) },
  ];

  it('round-trips meta and arrays bit for bit, keeping each array type', () => {
    const d = decodeCheckpoint(encodeCheckpoint({ epoch: 3, name: 'x' }, arrays()));
    assert.deepEqual(d.meta, { epoch: 3, name: 'x' });
    assert.ok(d.arrays.get('a') instanceof Float32Array);
    assert.ok(d.arrays.get('b') instanceof Float64Array);
    assert.deepEqual([...d.arrays.get('a')!], [...arrays()[0]!.data]);
    assert.ok(Object.is(d.arrays.get('b')![1], -0));
    assert.deepEqual([...d.arrays.get('b')!], [...arrays()[1]!.data]);
  });

  it('refuses truncated, corrupted and foreign files', () => {
    const bytes = encodeCheckpoint({ epoch: 1 }, arrays());
    assert.throws(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 3)), CheckpointError);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 5]! ^= 1;
    assert.throws(() => decodeCheckpoint(flipped), /checksum/);
    assert.throws(() => decodeCheckpoint(new TextEncoder().encode('hello world, not a checkpoint')), /magic/);
  });

  it('a crash between write and rename leaves the previous good checkpoint and no temp file', () => {
    const file = path.join(dir, 'checkpoint.bin');
    saveCheckpoint(file, { epoch: 1 }, arrays());
    const good = readFileSync(file);
    assert.throws(
      () =>
        saveCheckpoint(file, { epoch: 2 }, arrays(), () => {
          throw new Error('simulated crash');
        }),
      /simulated crash/,
    );
    assert.deepEqual(readFileSync(file), good);
    assert.deepEqual((loadCheckpoint(file).meta as { epoch: number }).epoch, 1);
    assert.deepEqual(readdirSync(dir), ['checkpoint.bin']);
  });

  it('the temp file is written completely before it replaces the target', () => {
    const file = path.join(dir, 'checkpoint.bin');
    let seen = '';
    saveCheckpoint(file, { epoch: 7 }, arrays(), (tmp) => {
      seen = tmp;
      assert.ok(!existsSync(file));
      assert.equal((decodeCheckpoint(new Uint8Array(readFileSync(tmp))).meta as { epoch: number }).epoch, 7);
    });
    assert.ok(seen.startsWith(file) && seen !== file && !existsSync(seen));
    // A half-written file at the target path is detected on load rather than trusted.
    writeFileSync(file, readFileSync(file).subarray(0, 40));
    assert.throws(() => loadCheckpoint(file), CheckpointError);
  });
});
