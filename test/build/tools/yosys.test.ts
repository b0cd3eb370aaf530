// The one Yosys module: synthesis with black boxes, the content-hash cache, the estimate by parts
// against a flattened run, and the WebAssembly fallback (@yowasp/yosys) forced by TTFORGE_YOSYS=wasm.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { elaborate, emitVerilog, Module, UInt } from '../../../dsl/index.js';
import { countCells } from '../../../build/tools/cells.js';
import { blackboxStub, estimateByParts, instanceCounts } from '../../../build/tools/estimate-by-parts.js';
import { synthesizeDesign } from '../../../build/tools/synth-design.js';
import { synthesize, synthScript } from '../../../build/tools/yosys.js';
import { requireTool, scratchDir } from '../../support/tools.js';

/** y = a + b, registered. */
class RegAdd extends Module {
  readonly a = this.input(UInt(8));
  readonly b = this.input(UInt(8));
  readonly y = this.output(UInt(8));
  constructor() {
    super();
    const r = this.reg(UInt(8), { init: 0 });
    r.set(this.a.add(this.b));
    this.y.set(r);
  }
}

/** Three RegAdds in a chain and a register of its own: 4 x 8 flip-flops however it is synthesized. */
class AddChain extends Module {
  readonly x = this.input(UInt(8));
  readonly y = this.output(UInt(8));
  constructor() {
    super();
    let prev = this.x;
    for (let i = 0; i < 3; i++) {
      const s = this.instance(new RegAdd(), `add${i}`);
      s.a.set(prev);
      s.b.set(this.x);
      prev = s.y;
    }
    const r = this.reg(UInt(8), { init: 0 });
    r.set(prev);
    this.y.set(r);
  }
}

describe('build/tools yosys', function () {
  this.timeout(300_000);

  it('writes one script: reads, black boxes, synthesis, statistics, then what was asked for', () => {
    const files = [{ name: 'A.v', text: '' }];
    assert.equal(
      synthScript({ files, top: 'A', blackboxes: ['B'], depth: true, ltp: true }),
      'read_verilog -sv A.v; blackbox B; synth_xilinx -family xcup -flatten -noiopad -top A; tee -q -o stat.json stat -json; write_json net.json; delete t:FD*; tee -q -o ltp.txt ltp -noff',
    );
    assert.throws(() => synthScript({ files: [{ name: 'a b.v', text: '' }], top: 'A' }), /unusable in a yosys script/);
  });

  it('counts instances through the hierarchy and stubs a child to its ports', () => {
    const design = elaborate(new AddChain());
    assert.deepEqual(
      [...instanceCounts(design.top)],
      [
        ['AddChain', 1],
        ['RegAdd', 3],
      ],
    );
    const text = emitVerilog(design).files.find((f) => f.name === 'RegAdd.v')!.text;
    const stub = blackboxStub(text, 'RegAdd');
    assert.match(stub, /^\(\* blackbox \*\)\nmodule RegAdd \([\s\S]*output wire \[7:0\] y\n\);\nendmodule\n$/);
  });

  it('by parts: each module once, counted per instance; the same flip-flops as a flattened run; cached by content; progress', async function () {
    await requireTool(this, 'yosys');
    const design = elaborate(new AddChain());
    const emitted = emitVerilog(design);
    const cacheDir = scratchDir('yosys-parts-cache');
    const flat = await synthesizeDesign(emitted);
    const lines: string[] = [];
    const progress = (l: string) => lines.push(l);
    const parts = await estimateByParts(design, emitted, { cacheDir, parallel: 2, progress, heartbeatMs: 300 });
    assert.match(
      lines[0]!,
      /^yosys: 2 distinct modules of AddChain \(4 instances\), 2 at a time, largest first, cache /,
    );
    assert.ok(
      lines.some((l) => /^yosys: 0\/2 done, running (RegAdd|AddChain) \d+ s/.test(l)),
      lines.join('\n'),
    );
    assert.match(lines.at(-1)!, /^yosys: 2\/2 (RegAdd x3|AddChain x1): \d+ LUT \(\d+ s, \d+ s elapsed\)$/);
    assert.deepEqual(
      parts.parts.map((p) => [p.module, p.count, p.counts.ff]),
      [
        ['RegAdd', 3, 8],
        ['AddChain', 1, 8],
      ],
    );
    assert.equal(parts.total.ff, 32);
    assert.equal(flat.ff, 32);
    // Flattening only merges logic across the boundaries, never adds any: here add0 sees x + x (8 LUTs fewer flat).
    assert.ok(
      flat.lut <= parts.total.lut && parts.total.lut <= flat.lut + 8,
      `${parts.total.lut} vs flat ${flat.lut} LUT`,
    );
    assert.equal(parts.total.carry4 + parts.total.carry8 > 0, flat.carry4 + flat.carry8 > 0);
    assert.equal(parts.synthesized, 2);
    assert.equal(readdirSync(cacheDir).filter((f) => f.endsWith('.json')).length, 2);
    assert.ok(!readdirSync(cacheDir).some((f) => f.endsWith('.tmp')), 'no half-written cache entry');
    const again = await estimateByParts(design, emitted, { cacheDir, progress: (l) => lines.push(l) });
    assert.equal(again.synthesized, 0);
    assert.match(lines.at(-1)!, /^yosys: 2\/2 \w+ x\d: \d+ LUT \(cached, /);
    assert.deepEqual(again.total, parts.total);
  });

  it('a Yosys error carries the tool message and leaves no cache entry', async function () {
    await requireTool(this, 'yosys');
    const cacheDir = scratchDir('yosys-error-cache');
    await assert.rejects(
      synthesize({ files: [{ name: 'bad.v', text: 'module bad(input a; endmodule\n' }], top: 'bad', cacheDir }),
      /yosys failed on bad[\s\S]*syntax error/,
    );
    assert.deepEqual(readdirSync(cacheDir), []);
  });

  it('TTFORGE_YOSYS=wasm runs @yowasp/yosys from npm: same flip-flops and DSPs as native', async function () {
    await requireTool(this, 'yosys');
    const script = path.join(scratchDir('yosys-wasm'), 'run.ts');
    writeFileSync(
      script,
      [
        `import { elaborate, emitVerilog } from '${path.resolve('dsl/index.js')}';`,
        `import { Counter } from '${path.resolve('designs/examples/counter.js')}';`,
        `import { synthesize } from '${path.resolve('build/tools/yosys.js')}';`,
        'const e = emitVerilog(elaborate(new Counter({ width: 12 })));',
        'const r = await synthesize({ files: e.files, top: e.top, depth: true });',
        'console.log(JSON.stringify({ tool: r.tool, cells: r.cells, depth: r.depth }));',
      ].join('\n'),
    );
    const run = (mode: string) =>
      execa('npx', ['tsx', script], { env: { TTFORGE_YOSYS: mode } }).then(
        (r) => JSON.parse(r.stdout.trim().split('\n').pop()!) as { tool: string; cells: Record<string, number> },
      );
    const [wasm, native] = await Promise.all([run('wasm'), run('native')]);
    assert.match(wasm.tool, /@yowasp\/yosys/);
    assert.doesNotMatch(native.tool, /@yowasp/);
    const w = countCells(wasm.cells);
    const n = countCells(native.cells);
    assert.deepEqual([w.ff, w.dsp, w.bram36], [n.ff, n.dsp, n.bram36]);
    assert.equal(w.ff, 12);
    assert.ok(w.lut > 0);
  });
});
