// Elaboration speed: (1) a 64x64 systolic grid of 32-bit MAC cells, each a module instance (all
// identical, so one cell module is emitted), elaborated and emitted; (2) one module with 200,000
// expression nodes, elaborated and emitted, in nodes per second. Targets: < 2 s and >= 200,000 nodes/s.
// Each scenario runs in a fresh process (as one `ttforge build` would), so one does not pay for the other's heap.
// Writes out/bench/elaborate.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { printChildResult, resultFromChild } from './child-result.js';
import { Module, UInt, Bool, mux, elaborate, emitVerilog, type Expr, type Signal } from '../../dsl/index.js';
import { exprCount } from '../../dsl/expr.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = path.join(repo, 'out', 'bench');
const RESULT_MARK = '@@elaborate-result ';

/** One processing element: acc += a * b; a passes right and b passes down one cycle later. */
class MacCell extends Module {
  readonly clear = this.input(Bool());
  readonly aIn = this.input(UInt(32));
  readonly bIn = this.input(UInt(32));
  readonly aOut = this.output(UInt(32));
  readonly bOut = this.output(UInt(32));
  readonly acc = this.output(UInt(32));
  constructor() {
    super();
    const sum = this.reg(UInt(32), { init: 0 });
    const product = this.aIn.mul(this.bIn).trunc(32);
    sum.set(mux(this.clear, product, sum.add(product)));
    this.aOut.set(this.delay(this.aIn));
    this.bOut.set(this.delay(this.bIn));
    this.acc.set(sum);
  }
}

class MacGrid extends Module {
  readonly clear = this.input(Bool());
  readonly west;
  readonly north;
  readonly checksum = this.output(UInt(32));
  constructor(readonly n: number) {
    super({ n });
    this.west = Array.from({ length: n }, (_, i) => this.input(UInt(32), `west_${i}`));
    this.north = Array.from({ length: n }, (_, j) => this.input(UInt(32), `north_${j}`));
    const cells: MacCell[][] = [];
    for (let i = 0; i < n; i++) {
      const row: MacCell[] = [];
      for (let j = 0; j < n; j++) {
        const c = this.instance(new MacCell(), `pe_${i}_${j}`);
        c.clear.set(this.clear);
        c.aIn.set(j === 0 ? this.west[i]! : row[j - 1]!.aOut);
        c.bIn.set(i === 0 ? this.north[j]! : cells[i - 1]![j]!.bOut);
        row.push(c);
      }
      cells.push(row);
    }
    // Every accumulator, the a leaving the east edge and the b leaving the south edge are read.
    let x: Expr = UInt(32).lit(0);
    for (const row of cells) for (const c of row) x = x.xor(c.acc);
    for (let i = 0; i < n; i++) x = x.xor(cells[i]![n - 1]!.aOut).xor(cells[n - 1]![i]!.bOut);
    this.checksum.set(x);
  }
}

/**
 * About `nodes` expression nodes in one module: 200 lanes, each a dependent chain over the inputs
 * (add, xor, mux, sub/and, shift/or), reduced by an xor tree. Depth stays near nodes/200.
 */
class ManyNodes extends Module {
  readonly ins: Signal[];
  readonly out = this.output(UInt(32));
  constructor(nodes: number, lanes = 200) {
    super({ nodes });
    this.ins = Array.from({ length: 8 }, (_, i) => this.input(UInt(32), `in${i}`));
    const start = exprCount();
    const perLane = Math.ceil(nodes / lanes);
    let ends: Expr[] = [];
    for (let l = 0; l < lanes && exprCount() - start < nodes; l++) {
      const window: Expr[] = [this.ins[l % 8]!, this.ins[(l + 3) % 8]!, this.ins[(l + 5) % 8]!];
      const laneStart = exprCount();
      for (let k = l; exprCount() - laneStart < perLane; k++) {
        const a = window[window.length - 1]!;
        const b = window[window.length - 2]!;
        const c = window[k % window.length]!;
        let v: Expr;
        switch (k % 5) {
          case 0:
            v = a.add(b);
            break;
          case 1:
            v = a.xor(c);
            break;
          case 2:
            v = mux(a.bit(k % 32), b, c);
            break;
          case 3:
            v = a.sub(c.and(b));
            break;
          default:
            v = a.shl(1).or(b.shr(3));
            break;
        }
        window.push(v);
        if (window.length > 16) window.shift();
      }
      ends.push(window[window.length - 1]!);
    }
    while (ends.length > 1) {
      const next: Expr[] = [];
      for (let i = 0; i < ends.length; i += 2) next.push(i + 1 < ends.length ? ends[i]!.xor(ends[i + 1]!) : ends[i]!);
      ends = next;
    }
    this.out.set(ends[0]!);
  }
}

/**
 * Wall seconds of f. Its CPU seconds (user + system, all threads: the garbage collector's helpers
 * too) go to `cpu`, which is steadier on a shared machine, and the garbage collector's pause
 * seconds within it to `gc` (filled in once the collector's reports arrive, see gcPauses).
 */
const cpu: Record<string, number> = {};
const spans: { label: string; t0: number; t1: number }[] = [];
function timed<T>(f: () => T, label: string): [T, number] {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  const t1 = performance.now();
  cpu[label] = (c.user + c.system) / 1e6;
  spans.push({ label, t0, t1 });
  return [r, (t1 - t0) / 1000];
}

const pauses: { start: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) pauses.push({ start: e.startTime, ms: e.duration });
}).observe({ entryTypes: ['gc'] });

/** Seconds of garbage-collection pauses in each timed phase (the observer reports asynchronously). */
async function gcPauses(): Promise<Record<string, number>> {
  await new Promise((r) => setTimeout(r, 50));
  const out: Record<string, number> = {};
  for (const s of spans)
    out[s.label] = Number(
      (pauses.filter((p) => p.start >= s.t0 && p.start < s.t1).reduce((a, p) => a + p.ms, 0) / 1000).toFixed(3),
    );
  return out;
}

mkdirSync(outDir, { recursive: true });
const n = Number(process.env.TTFORGE_GRID ?? 64);
const nodes = Number(process.env.TTFORGE_NODES ?? 200_000);

// Each scenario runs in a fresh process, as a `ttforge build` does: the grid's 4,096 instances (and
// their garbage) would otherwise sit in the heap the 200k-node measurement allocates into.
function gridScenario(): Record<string, unknown> {
  console.log(`elaborate bench: ${n}x${n} MAC grid ...`);
  const [grid, buildGrid] = timed(() => new MacGrid(n), 'grid_construct');
  const [gridDesign, elabGrid] = timed(() => elaborate(grid), 'grid_elaborate');
  const [gridOut, emitGrid] = timed(() => emitVerilog(gridDesign), 'grid_emit');
  const macSeconds = buildGrid + elabGrid + emitGrid;
  console.log(
    `  construct ${buildGrid.toFixed(2)} s, elaborate ${elabGrid.toFixed(2)} s, emit ${emitGrid.toFixed(2)} s (CPU ${(cpu.grid_construct! + cpu.grid_elaborate! + cpu.grid_emit!).toFixed(2)} s); modules: ${gridOut.modules.join(', ')}`,
  );
  return {
    mac64x64_s: Number(macSeconds.toFixed(3)),
    mac_grid: {
      n,
      instances: n * n,
      modules: gridOut.modules.length,
      construct_s: buildGrid,
      elaborate_s: elabGrid,
      emit_s: emitGrid,
      target_s: 2,
    },
    mac64x64_cpu_s: Number((cpu.grid_construct! + cpu.grid_elaborate! + cpu.grid_emit!).toFixed(3)),
  };
}

function nodesScenario(): Record<string, unknown> {
  console.log(`elaborate bench: one module with ${nodes} expression nodes ...`);
  const before = exprCount();
  const [big, buildBig] = timed(() => new ManyNodes(nodes), 'nodes_construct');
  const built = exprCount() - before;
  const [bigDesign, elabBig] = timed(() => elaborate(big), 'nodes_elaborate');
  const [bigOut, emitBig] = timed(() => emitVerilog(bigDesign), 'nodes_emit');
  const nodesPerS = built / (elabBig + emitBig);
  console.log(
    `  ${built} nodes: construct ${buildBig.toFixed(2)} s, elaborate ${elabBig.toFixed(2)} s, emit ${emitBig.toFixed(2)} s -> ${Math.round(nodesPerS)} nodes/s (by CPU time ${Math.round(built / (cpu.nodes_elaborate! + cpu.nodes_emit!))}); ${bigOut.files[0]!.text.length} bytes of Verilog`,
  );
  return {
    nodes_per_s: Math.round(nodesPerS),
    nodes_per_cpu_s: Math.round(built / (cpu.nodes_elaborate! + cpu.nodes_emit!)),
    many_nodes: {
      nodes: built,
      construct_s: buildBig,
      elaborate_s: elabBig,
      emit_s: emitBig,
      cells: bigDesign.top.cells.length,
      target_nodes_per_s: 200_000,
    },
  };
}

const scenario = process.argv[2];
if (scenario === 'grid' || scenario === 'nodes') {
  const r = scenario === 'grid' ? gridScenario() : nodesScenario();
  printChildResult(RESULT_MARK, { ...r, cpu_s: cpu, gc_s: await gcPauses() });
  process.exit(0);
}
const runScenario = (name: string) => resultFromChild<Record<string, unknown>>(import.meta.url, name, RESULT_MARK);
const gridResult = await runScenario('grid');
const nodesResult = await runScenario('nodes');
const result = {
  bench: 'elaborate',
  date: new Date().toISOString(),
  cpu: os.cpus()[0]?.model,
  node: process.version,
  mac64x64_s: gridResult.mac64x64_s,
  mac_grid: gridResult.mac_grid,
  nodes_per_s: nodesResult.nodes_per_s,
  /** CPU seconds of each phase: the machine is shared, wall time varies with the load (see load_avg). */
  cpu_s: { ...(gridResult.cpu_s as object), ...(nodesResult.cpu_s as object) },
  /** Of the wall time of each phase, the seconds the garbage collector paused the program. */
  gc_s: { ...(gridResult.gc_s as object), ...(nodesResult.gc_s as object) },
  load_avg: os.loadavg(),
  mac64x64_cpu_s: gridResult.mac64x64_cpu_s,
  nodes_per_cpu_s: nodesResult.nodes_per_cpu_s,
  many_nodes: nodesResult.many_nodes,
  method:
    'each scenario in a fresh process (as one ttforge build), wall seconds of construct + elaborate + emit (grid) and of elaborate + emit (nodes)',
};
writeFileSync(path.join(outDir, 'elaborate.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`mac64x64_s ${result.mac64x64_s} (target < 2), nodes_per_s ${result.nodes_per_s} (target >= 200000)`);
