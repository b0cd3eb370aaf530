// `--target u50`: the generated project files agree with the design and its register map, are
// byte-identical from run to run, and the Yosys estimate counts what the design contains.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { Module, Bool, UInt, Vec, when, elaborate, emitVerilog } from '../../../dsl/index.js';
import { Fp32Axpy, fp32AxpySpec } from '../../../designs/kernels/fp32-axpy.js';
import { Counter } from '../../../designs/examples/counter.js';
import { AxiLiteControlSlave } from '../../../rtl-lib/axi/control-slave.js';
import { registerMap } from '../../../rtl-lib/axi/kernel-spec.js';
import { buildU50 } from '../../../build/targets/u50/build-u50.js';
import { countResources, yosysEstimate } from '../../../build/targets/u50/yosys-estimate.js';
import { U50_PART } from '../../../build/targets/u50/u50-device.js';
import { memoryPlan, memoryPlanMarkdown } from '../../../build/targets/u50/memory-plan.js';
import { ContractionEngine } from '../../../designs/engine/engine.js';
import { requireTool, scratchDir } from '../../support/tools.js';

async function axpyProject(opts: { clockMhz?: number } = {}) {
  const top = new Fp32Axpy({ chunk: 16, maxBeats: 8, macStages: 2 });
  const design = elaborate(top);
  const emitted = emitVerilog(design);
  const r = await buildU50(top, design, emitted, { ...opts, estimate: false });
  const file = (name: string) => {
    const f = r.files.find((x) => x.name === name);
    assert.ok(f, `${name} is written`);
    return f.text;
  };
  return { r, file, emitted };
}

/** Attributes of each `<tag .../>` element, by a regular expression (kernel.xml is flat). */
function elements(xml: string, tag: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${tag}\\s([^>]*?)/?>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

/** Port names of a Verilog module header. */
function verilogPorts(text: string, module: string): string[] {
  const header = text.slice(text.indexOf(`module ${module} (`), text.indexOf(');', text.indexOf(`module ${module} (`)));
  return [...header.matchAll(/(?:input|output)\s+wire\s+(?:\[[^\]]+\]\s+)?(\w+)/g)].map((m) => m[1]!);
}

/** A memory with 3 read and 2 write ports: more than a block RAM has. */
class ManyPortMemory extends Module {
  readonly rdAddr = this.input(Vec(3, UInt(10)), 'rd_addr');
  readonly rdData = this.output(Vec(3, UInt(32)), 'rd_data');
  readonly wrEn = this.input(Vec(2, Bool()), 'wr_en');
  readonly wrAddr = this.input(Vec(2, UInt(10)), 'wr_addr');
  readonly wrData = this.input(Vec(2, UInt(32)), 'wr_data');
  constructor() {
    super();
    const data = this.memory(UInt(32), 1024, { name: 'data_mem' });
    this.rdData.forEach((d, i) => d.set(data.read(this.rdAddr[i]!, { name: `rd${i}` })));
    this.wrEn.forEach((e, i) => when(e, () => data.write(this.wrAddr[i]!, this.wrData[i]!, { port: i })));
  }
}

class ManyPortWrapper extends Module {
  readonly we = this.input(Bool());
  readonly addr = this.input(UInt(10));
  readonly din = this.input(UInt(32));
  readonly q0 = this.output(UInt(32));
  readonly q1 = this.output(UInt(32));
  readonly q2 = this.output(UInt(32));
  constructor() {
    super();
    const mem = this.instance(new ManyPortMemory(), 'mem');
    [this.q0, this.q1, this.q2].forEach((q, i) => {
      mem.rdAddr[i]!.set(this.addr.add(i));
      q.set(mem.rdData[i]!);
    });
    mem.wrEn.forEach((e, i) => {
      e.set(this.we);
      mem.wrAddr[i]!.set(this.addr.add(8 * i));
      mem.wrData[i]!.set(this.din);
    });
  }
}

describe('targets: u50', () => {
  it('kernel.xml: one arg per kernel argument at the register-map offset, ports that exist in the Verilog', async () => {
    const { file } = await axpyProject();
    const xml = file('kernel.xml');
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    const [kernel] = elements(xml, 'kernel');
    assert.equal(kernel!.name, 'fp32_axpy');
    assert.equal(kernel!.hwControlProtocol, 'ap_ctrl_hs');
    assert.equal(kernel!.interrupt, 'true');
    const args = elements(xml, 'arg');
    assert.deepEqual(
      args.map((a) => [a.name, Number(a.offset), Number(a.size), a.addressQualifier, a.port, a.type, a.id]),
      registerMap(fp32AxpySpec).map((r) => [
        r.arg.name,
        r.offset,
        r.bytes,
        r.arg.kind === 'pointer' ? '1' : '0',
        r.arg.kind === 'pointer' ? 'm_axi_gmem' : 's_axi_control',
        r.arg.ctype,
        String(r.id),
      ]),
    );
    const ports = elements(xml, 'port');
    assert.deepEqual(
      ports.map((p) => [p.name, p.mode, p.dataWidth]),
      [
        ['s_axi_control', 'slave', '32'],
        ['m_axi_gmem', 'master', '32'],
      ],
    );
    // Every interface port kernel.xml names exists in the top module with the Vitis names.
    const vports = verilogPorts(file('rtl/fp32_axpy.v'), 'fp32_axpy');
    assert.deepEqual(vports.slice(0, 2), ['ap_clk', 'ap_rst_n']);
    for (const p of ports) {
      const sigs =
        p.mode === 'slave'
          ? [
              'awvalid',
              'awready',
              'awaddr',
              'wvalid',
              'wready',
              'wdata',
              'wstrb',
              'bvalid',
              'bready',
              'bresp',
              'arvalid',
              'arready',
              'araddr',
              'rvalid',
              'rready',
              'rdata',
              'rresp',
            ]
          : [
              'awvalid',
              'awready',
              'awaddr',
              'awlen',
              'wvalid',
              'wready',
              'wdata',
              'wstrb',
              'wlast',
              'bvalid',
              'bready',
              'arvalid',
              'arready',
              'araddr',
              'arlen',
              'rvalid',
              'rready',
              'rdata',
              'rlast',
            ];
      for (const s of sigs) assert.ok(vports.includes(`${p.name}_${s}`), `${p.name}_${s}`);
    }
    assert.ok(vports.includes('interrupt'));
    assert.equal(
      vports.filter((v) => !/^(ap_clk|ap_rst_n|interrupt|s_axi_control_\w+|m_axi_gmem_\w+)$/.test(v)).length,
      0,
      'no other ports',
    );
  });

  it('package_xo.tcl registers the same offsets; vivado.tcl and the XDC target the U50 part and clock', async () => {
    const { file, emitted } = await axpyProject({ clockMhz: 250 });
    const pkg = file('package_xo.tcl');
    for (const r of registerMap(fp32AxpySpec)) {
      const at = pkg.indexOf(`ipx::add_register ${r.arg.name} $block`);
      assert.ok(at > 0, r.arg.name);
      const next = pkg.indexOf('set reg [', at);
      const block = pkg.slice(at, next < 0 ? undefined : next);
      assert.match(block, new RegExp(`address_offset 0x0*${r.offset.toString(16).toUpperCase()} `));
      assert.match(block, new RegExp(`size ${8 * r.bytes} `));
      if (r.arg.kind === 'pointer')
        assert.match(block, /value m_axi_gmem \[ipx::add_register_parameter ASSOCIATED_BUSIF/);
    }
    assert.match(
      pkg,
      /package_xo -force -xo_path \[file join \$here \$kernel\.xo\] -kernel_name \$kernel .* -kernel_xml \[file join \$here kernel\.xml\]/,
    );
    assert.match(pkg, /set_property sdx_kernel_type rtl \$core/);
    const viv = file('vivado.tcl');
    assert.match(viv, new RegExp(`set part ${U50_PART}\\n`));
    assert.match(viv, /create_project -force \$top .* -part \$part/);
    for (const f of emitted.files)
      assert.ok(viv.includes(`[file join $here rtl/${f.name}]`), `vivado.tcl adds rtl/${f.name}`);
    const steps = [
      'synth_design -top $top -part $part -mode out_of_context',
      'report_utilization -file [file join $reports synth_utilization.rpt]',
      'opt_design',
      'place_design',
      'route_design',
      'report_utilization -file [file join $reports route_utilization.rpt]',
      'report_timing_summary -max_paths 10',
    ];
    let last = -1;
    for (const s of steps) {
      const i = viv.indexOf(s);
      assert.ok(i > last, `${s} after the previous step`);
      last = i;
    }
    assert.match(file('constraints.xdc'), /^create_clock -period 4\.000 -name ap_clk \[get_ports ap_clk\]$/m);
  });

  it('memory plan lists both chunk buffers as distributed RAM; the manifest lists every file', async () => {
    const { r, file } = await axpyProject();
    const plan = JSON.parse(file('memory-plan.json')) as {
      memories: { path: string; depth: number; width: number; primitive: string; count: number }[];
      totals: { bram36: number };
    };
    assert.deepEqual(
      plan.memories.map((m) => [m.path, m.depth, m.width, m.primitive, m.count]),
      [
        ['fp32_axpy/xbuf', 16, 32, 'LUTRAM', 32],
        ['fp32_axpy/ybuf', 16, 32, 'LUTRAM', 32],
      ],
    );
    assert.equal(plan.totals.bram36, 0);
    const manifest = JSON.parse(file('manifest.json')) as {
      outputs: string[];
      target: { part: string; kernel: boolean };
    };
    assert.deepEqual(manifest.outputs, r.files.map((f) => f.name).sort());
    assert.equal(manifest.target.kernel, true);
    assert.match(file('estimate.md'), /Not computed: skipped/);
  });

  it('memory plan warns when a memory has more ports than a block RAM; the engine data memory has none', () => {
    const plan = memoryPlan(elaborate(new ManyPortWrapper()));
    const data = plan.memories.find((m) => m.path.endsWith('/data_mem'));
    assert.ok(data, 'memory listed');
    assert.equal(data.readPorts, 3);
    assert.equal(data.writePorts, 2);
    assert.match(data.portWarning ?? '', /3 read and 2 write ports, a RAMB\d+ has 2: the counts are one copy/);
    assert.match(
      memoryPlanMarkdown('ManyPortWrapper', plan),
      /\*\*Warning\*\*, ManyPortWrapper\/mem\/data_mem: 3 read and 2 write ports/,
    );
    // The engine's data memory is banks of one write and one read port: no warning anywhere.
    const engine = memoryPlan(elaborate(new ContractionEngine({ rows: 2, cols: 3, macStages: 1 }, 256, 8)));
    assert.deepEqual(
      engine.memories.filter((m) => m.portWarning).map((m) => m.path),
      [],
    );
    assert.ok(engine.memories.filter((m) => m.width === 32).length >= 3 * 17, 'three copies of 17 banks');
  });

  it('Yosys estimate black-boxes a module whose memory has more ports than a block RAM and counts its storage', async function () {
    await requireTool(this, 'yosys');
    const top = new ManyPortWrapper();
    const design = elaborate(top);
    const r = await buildU50(top, design, emitVerilog(design));
    assert.ok(r.estimate.available);
    assert.deepEqual(
      r.estimate.blackboxed.map((b) => [b.module, b.bram36, b.uram288]),
      [['ManyPortMemory', 1, 0]],
    );
    assert.equal(r.estimate.resources.bram36.used, 1, 'one copy of the 1024 x 32 storage');
    assert.ok(
      r.estimate.resources.ff.used < 100,
      `the memory did not become flip-flops (${r.estimate.resources.ff.used} FF)`,
    );
    assert.match(
      r.files.find((f) => f.name === 'estimate.md')!.text,
      /Not synthesized: module `ManyPortMemory` \(data_mem: 3 read and 2 write ports/,
    );
  });

  it('a design that is not a Vitis kernel gets the Vivado project only, constrained on clk', async () => {
    const top = new Counter({ width: 8 });
    const design = elaborate(top);
    const r = await buildU50(top, design, emitVerilog(design), { estimate: false });
    const names = r.files.map((f) => f.name);
    assert.ok(!names.includes('kernel.xml') && !names.includes('package_xo.tcl'));
    assert.match(
      r.files.find((f) => f.name === 'constraints.xdc')!.text,
      /create_clock -period 3\.333 -name clk \[get_ports clk\]/,
    );
  });

  it('resource counting: LUT cells, LUTRAM, flip-flops, DSP, RAMB18 as half a BRAM36, URAM', () => {
    const { resources, lutAsMemory } = countResources({
      LUT2: 10,
      LUT6: 5,
      RAM32M16: 2,
      SRLC32E: 3,
      FDRE: 7,
      FDSE: 1,
      DSP48E2: 4,
      RAMB36E2: 2,
      RAMB18E2: 3,
      URAM288: 1,
      CARRY4: 9,
      MUXF7: 2,
    });
    assert.equal(resources.lut.used, 10 + 5 + 16 + 3);
    assert.equal(lutAsMemory, 19);
    assert.equal(resources.ff.used, 8);
    assert.equal(resources.dsp.used, 4);
    assert.equal(resources.bram36.used, 3.5);
    assert.equal(resources.uram288.used, 1);
    assert.equal(resources.dsp.available, 5952);
    assert.equal(resources.dsp.percent, 0.07);
  });

  it('Yosys estimate of the control slave: one flip-flop per register bit, repeatable', async function () {
    await requireTool(this, 'yosys');
    const design = elaborate(new AxiLiteControlSlave(fp32AxpySpec));
    const emitted = emitVerilog(design);
    const cacheDir = scratchDir('u50-estimate-cache');
    const a = await yosysEstimate(design, emitted, [], { cacheDir });
    assert.ok(a.available);
    // ap_ctrl_hs 5 + GIE 1 + IER 2 + ISR 2 + n 32 + alpha 32 + x 64 + y 64 + write FSM 2 + waddr 12 + read FSM 1 + rdata 32
    // = 249, plus 1: Yosys re-encodes the 3-state write FSM one-hot (Vivado keeps fsm_encoding "sequential").
    assert.equal(a.resources.ff.used, 250);
    assert.ok(a.resources.lut.used > 50 && a.resources.lut.used < 1000, `${a.resources.lut.used} LUTs`);
    assert.equal(a.resources.dsp.used, 0);
    const b = await yosysEstimate(design, emitted, [], { cacheDir }); // read back from the cache
    assert.deepEqual(b, a);
  });

  it('CLI: two builds give byte-identical folders; bad options are user errors', async function () {
    this.timeout(120_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'ttforge-u50-'));
    const build = (out: string, extra: string[] = []) =>
      execa(
        'npx',
        [
          'tsx',
          'build/cli.ts',
          'build',
          'designs/kernels/fp32-axpy.ts',
          '--param',
          'chunk=16',
          '--target',
          'u50',
          '--no-estimate',
          '--out',
          out,
          ...extra,
        ],
        { reject: false, all: true },
      );
    const [a, b] = await Promise.all([build(path.join(dir, 'a')), build(path.join(dir, 'b'))]);
    assert.equal(a.exitCode, 0, a.all);
    assert.equal(b.exitCode, 0, b.all);
    const list = (d: string, sub = ''): string[] =>
      readdirSync(path.join(d, sub))
        .sort()
        .flatMap((n) =>
          statSync(path.join(d, sub, n)).isDirectory() ? list(d, path.join(sub, n)) : [path.join(sub, n)],
        );
    const files = list(path.join(dir, 'a'));
    assert.deepEqual(list(path.join(dir, 'b')), files);
    assert.ok(files.includes('kernel.xml') && files.includes(path.join('rtl', 'fp32_axpy.v')));
    for (const f of files)
      assert.equal(readFileSync(path.join(dir, 'b', f), 'utf8'), readFileSync(path.join(dir, 'a', f), 'utf8'), f);
    const bad = await build(path.join(dir, 'c'), ['--clock-mhz', 'fast']);
    assert.equal(bad.exitCode, 1);
    assert.match(bad.all ?? '', /--clock-mhz must be a frequency in MHz/);
    const unknown = await execa(
      'npx',
      [
        'tsx',
        'build/cli.ts',
        'build',
        'designs/examples/counter.ts',
        '--target',
        'zcu102',
        '--out',
        path.join(dir, 'd'),
      ],
      { reject: false, all: true },
    );
    assert.equal(unknown.exitCode, 1);
    assert.match(unknown.all ?? '', /unknown --target 'zcu102' \(available: u50\)/);
    assert.doesNotMatch(unknown.all ?? '', /\n\s+at /, 'no stack trace');
  });
});
