// The kernel as a U50 project (`--target u50`, the estimate left out): kernel.xml and the control map
// list the six arguments in order, two builds are byte-identical, and the reference XRT host program
// compiles with g++ -Wall -Wextra -Werror against the XRT declarations.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { buildU50 } from '../../../build/targets/u50/build-u50.js';
import { TinyTransformerKernel } from '../../../designs/transformer-kernel/tiny-kernel.js';
import { elaborate, emitVerilog } from '../../../dsl/index.js';
import { requireTool } from '../../support/tools.js';

const stub = fileURLToPath(new URL('../../../build/targets/u50/xrt-stub', import.meta.url));

describe('designs/transformer-kernel as a U50 project', function () {
  this.timeout(300_000);
  it('kernel.xml has the six arguments, two builds are byte-identical, host.cpp compiles against the XRT declarations', async function () {
    await requireTool(this, 'g++');
    const build = async () => {
      const top = new TinyTransformerKernel({ maxTokens: 8 });
      const design = elaborate(top);
      return buildU50(top, design, emitVerilog(design), { estimate: false });
    };
    const [a, b] = [await build(), await build()];
    assert.deepEqual(
      a.files.map((f) => f.name),
      b.files.map((f) => f.name),
    );
    a.files.forEach((f, i) => assert.equal(f.text, b.files[i]!.text, `${f.name} differs between builds`));
    const text = (name: string) => a.files.find((f) => f.name === name)!.text;
    const xml = text('kernel.xml');
    const args = [...xml.matchAll(/<arg name="(\w+)"/g)].map((m) => m[1]);
    assert.deepEqual(args, ['samples', 'flags', 'in', 'out', 'params', 'lrTable']);
    assert.match(text('host/host.cpp'), /kernel\(samples, flags, in, out, params, lrTable\)/);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'transformer-host-'));
    try {
      writeFileSync(path.join(dir, 'host.cpp'), text('host/host.cpp'));
      await execa('g++', ['-std=c++17', '-Wall', '-Wextra', '-Werror', '-I', stub, '-c', 'host.cpp', '-o', 'host.o'], {
        cwd: dir,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
