// TTFORGE_SIM_RECORD: every command byte a SimChannel sends is also written to the file, in order, so
// the simulator process can be replayed alone (`Vtop < file`) to measure its own CPU time.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimChannel } from '../../../sim/external/channel.js';

describe('sim/external channel: recording the command stream', () => {
  it('writes exactly the bytes sent, across batches, and the process answers them as usual', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ttf-rec-'));
    const file = path.join(dir, 'commands.bin');
    const saved = process.env.TTFORGE_SIM_RECORD;
    process.env.TTFORGE_SIM_RECORD = file;
    try {
      // `cat` answers every command with itself.
      const ch = new SimChannel('cat', [], 'cat');
      const a = Buffer.from([1, 2, 3, 4]);
      const b = Buffer.from('five six seven');
      const c = Buffer.from([0, 255, 128, 7, 9]);
      ch.send(a);
      assert.deepEqual(await ch.request(b, { kind: 'bytes', n: a.length + b.length }), Buffer.concat([a, b]));
      assert.deepEqual(await ch.request(c, { kind: 'bytes', n: c.length }), c);
      await ch.close();
      assert.deepEqual(readFileSync(file), Buffer.concat([a, b, c]));
    } finally {
      if (saved === undefined) delete process.env.TTFORGE_SIM_RECORD;
      else process.env.TTFORGE_SIM_RECORD = saved;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
