// Runs a program on the ContractionEngine's emitted Verilog in Icarus or Verilator: a generated
// testbench loads the data image and the program through the host ports, pulses start, waits for done,
// reports the cycle count and dumps the whole data memory back. One compile serves many data sets.
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { bitsFor, elaborate, emitVerilog } from '../../dsl/index.js';
import { ContractionEngine } from './engine.js';
import type { EngineConfig } from './engine-config.js';
import { INSTRUCTION_BITS } from './instruction.js';

export type HdlSimulator = 'icarus' | 'verilator';

export interface CompiledEngine {
  simulator: HdlSimulator;
  dir: string;
  /** The program to run (vvp file or Verilator binary). */
  executable: string;
  dataDepth: number;
  progDepth: number;
}

function testbench(dataDepth: number, progDepth: number, maxCycles: number): string {
  const aw = bitsFor(dataDepth);
  const pw = bitsFor(progDepth);
  return `\`timescale 1ns/1ps
module engine_tb;
  reg clk = 1'b0;
  reg rst = 1'b1;
  reg host_we = 1'b0;
  reg [${aw - 1}:0] host_addr = 0;
  wire [31:0] host_rdata2;
  reg [31:0] host_wdata = 0;
  wire [31:0] host_rdata;
  reg prog_we = 1'b0;
  reg [${pw - 1}:0] prog_addr = 0;
  reg [${INSTRUCTION_BITS - 1}:0] prog_wdata = 0;
  reg start = 1'b0;
  wire busy, done, step_done;
  integer fs;
  wire [31:0] cycles;
  reg [31:0] image [0:${dataDepth - 1}];
  reg [${INSTRUCTION_BITS - 1}:0] prog_image [0:${progDepth - 1}];
  integer i, n, fd, waited;
  ContractionEngine dut (.clk(clk), .rst(rst), .host_we(host_we), .host_waddr(host_addr), .host_wdata(host_wdata),
    .host_raddr(host_addr), .host_rdata(host_rdata), .host_raddr2(host_addr), .host_rdata2(host_rdata2), .prog_we(prog_we), .prog_addr(prog_addr), .prog_wdata(prog_wdata), .start(start), .start_pc(${pw}'d0),
    .busy(busy), .done(done), .cycles(cycles), .step_done(step_done));
  initial fs = $fopen("steps.txt", "w");
  always @(posedge clk) if (step_done) $fdisplay(fs, "%0d", cycles);
  always #5 clk = ~clk;
  initial begin
    if (!$value$plusargs("words=%d", n)) n = ${progDepth};
    $readmemh("data.hex", image);
    $readmemh("prog.hex", prog_image, 0, n - 1);
    @(negedge clk); @(negedge clk); rst = 1'b0;
    for (i = 0; i < ${dataDepth}; i = i + 1) begin
      @(negedge clk); host_we = 1'b1; host_addr = i; host_wdata = image[i];
    end
    @(negedge clk); host_we = 1'b0;
    for (i = 0; i < n; i = i + 1) begin
      @(negedge clk); prog_we = 1'b1; prog_addr = i; prog_wdata = prog_image[i];
    end
    @(negedge clk); prog_we = 1'b0; start = 1'b1;
    @(negedge clk); start = 1'b0;
    waited = 0;
    while (!done && waited < ${maxCycles}) begin @(negedge clk); waited = waited + 1; end
    fd = $fopen("result.txt", "w");
    $fdisplay(fd, "cycles %0d done %0d", cycles, done);
    // Host reads have latency 2: word i appears two cycles after its address.
    for (i = 0; i <= ${dataDepth} + 1; i = i + 1) begin
      @(negedge clk);
      if (i > 1) $fdisplay(fd, "%h", host_rdata);
      if (i < ${dataDepth}) host_addr = i;
    end
    $fclose(fd);
    $fclose(fs);
    $finish;
  end
endmodule
`;
}

/** Emits the engine and the testbench into `dir` and compiles them once. */
export async function compileEngine(
  cfg: EngineConfig,
  dataDepth: number,
  progDepth: number,
  simulator: HdlSimulator,
  folder: string,
  maxCycles = 50_000_000,
): Promise<CompiledEngine> {
  const dir = path.resolve(folder);
  mkdirSync(dir, { recursive: true });
  const emitted = emitVerilog(elaborate(new ContractionEngine(cfg, dataDepth, progDepth)));
  const files: string[] = [];
  for (const f of emitted.files) {
    writeFileSync(path.join(dir, f.name), f.text);
    if (f.name.endsWith('.v')) files.push(f.name);
  }
  writeFileSync(path.join(dir, 'engine_tb.v'), testbench(dataDepth, progDepth, maxCycles));
  files.push('engine_tb.v');
  if (simulator === 'icarus') {
    await execa('iverilog', ['-g2012', '-s', 'engine_tb', '-o', 'engine.vvp', ...files], { cwd: dir });
    return { simulator, dir, executable: path.join(dir, 'engine.vvp'), dataDepth, progDepth };
  }
  await execa(
    'verilator',
    [
      '--binary',
      '--timing',
      '-O3',
      '-Wno-fatal',
      '-Wno-lint',
      '-Wno-style',
      '--top-module',
      'engine_tb',
      '-j',
      '2',
      '--Mdir',
      'obj',
      '-o',
      'engine_sim',
      ...files,
    ],
    { cwd: dir, timeout: 3_600_000 },
  );
  return { simulator, dir, executable: path.join(dir, 'obj', 'engine_sim'), dataDepth, progDepth };
}

export interface EngineRun {
  cycles: number;
  /** Cycles of each instruction, fetch included, from the simulation's step_done pulses. */
  stepCycles: number[];
  /** The data memory after the program, as binary32 words. */
  image: Float32Array;
}

const hexWord = (bits: number): string => (bits >>> 0).toString(16).padStart(8, '0');

/** Loads `image` (dataDepth words) and the encoded program, runs to done, returns cycles and memory. */
export async function runEngine(
  ce: CompiledEngine,
  image: Float32Array,
  program: readonly bigint[],
): Promise<EngineRun> {
  if (image.length !== ce.dataDepth) throw new Error(`image has ${image.length} words, the engine ${ce.dataDepth}`);
  if (program.length > ce.progDepth)
    throw new Error(`program has ${program.length} instructions, the engine holds ${ce.progDepth}`);
  const bits = new Uint32Array(image.buffer, image.byteOffset, image.length);
  writeFileSync(path.join(ce.dir, 'data.hex'), `${Array.from(bits, hexWord).join('\n')}\n`);
  writeFileSync(path.join(ce.dir, 'prog.hex'), `${program.map((w) => w.toString(16)).join('\n')}\n`);
  const resultFile = path.join(ce.dir, 'result.txt');
  if (existsSync(resultFile)) writeFileSync(resultFile, '');
  const args = [`+words=${program.length}`];
  if (ce.simulator === 'icarus')
    await execa('vvp', ['-n', ce.executable, ...args], { cwd: ce.dir, timeout: 3_600_000 });
  else await execa(ce.executable, args, { cwd: ce.dir, timeout: 3_600_000 });
  const lines = readFileSync(resultFile, 'utf8').trim().split('\n');
  const head = /^cycles (\d+) done (\d+)$/.exec(lines[0] ?? '');
  if (!head) throw new Error(`engine testbench: unexpected output '${lines[0]}'`);
  if (head[2] !== '1') throw new Error('engine testbench: the program did not finish (done never rose)');
  const out = new Uint32Array(ce.dataDepth);
  for (let i = 0; i < ce.dataDepth; i++) {
    const l = lines[i + 1];
    if (l === undefined || /[xz]/i.test(l)) throw new Error(`engine testbench: word ${i} is '${l}'`);
    out[i] = parseInt(l, 16);
  }
  // Cycle counter value in the last cycle of each step: its difference is the step's length.
  const ends = readFileSync(path.join(ce.dir, 'steps.txt'), 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map(Number);
  const stepCycles = ends.map((e, i) => e + 1 - (i === 0 ? 0 : ends[i - 1]! + 1));
  return { cycles: Number(head[1]), stepCycles, image: new Float32Array(out.buffer) };
}
