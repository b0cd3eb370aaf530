// The one place that runs Yosys: `synth_xilinx -family xcup -flatten -noiopad` (UltraScale+, the
// U50's family) of a set of Verilog files, its cell statistics, optionally Yosys's own longest path
// (`ltp -noff`) and our LUT-level count (logic-depth.ts), with black boxes as a parameter.
// Which Yosys: the native `yosys` when it is on PATH, else the WebAssembly build from npm
// (@yowasp/yosys, about 2x slower, no install beyond npm); TTFORGE_YOSYS=native or =wasm forces one.
// Results can be cached by content (files, script, tool version) in a folder: identical parts of a
// design are then synthesized once, ever.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../../dsl/index.js';
import { type LogicDepth, logicDepth, type YosysNetlist } from './logic-depth.js';

export interface SynthJob {
  /** Verilog sources (.v/.sv) and the data files they read ($readmemh), by relative name. */
  files: readonly { name: string; text: string }[];
  top: string;
  /** Modules kept as cells: read for their ports only; paths end at them. */
  blackboxes?: readonly string[] | undefined;
  /** Also Yosys's `ltp -noff` with the flip-flops deleted (longest path in cells of any kind). */
  ltp?: boolean | undefined;
  /** Also the LUT levels (and per pipeline segment) of the synthesized netlist. */
  depth?: boolean | undefined;
  /** Folder of cached results; no caching when absent. */
  cacheDir?: string | undefined;
  timeoutMs?: number | undefined;
}

export interface SynthOutcome {
  top: string;
  /** Cell type -> count over the flattened design, in name order (black boxes appear as their module name). */
  cells: Record<string, number>;
  ltpCells?: number;
  depth?: LogicDepth;
  /** Yosys's own time (0 when cached). */
  seconds: number;
  /** The Yosys that ran, e.g. "Yosys 0.23 (git sha1 7ce5011c24b)" or "Yosys 0.55 (@yowasp/yosys)". */
  tool: string;
  cached: boolean;
}

export type YosysKind = 'native' | 'wasm';
interface Tool {
  kind: YosysKind;
  version: string;
}

let chosen: Promise<Tool> | undefined;

/** The Yosys this process uses (looked up once): see the header for the rule. */
export function yosysTool(): Promise<Tool> {
  chosen ??= pickTool();
  return chosen;
}

async function pickTool(): Promise<Tool> {
  const want = process.env.TTFORGE_YOSYS ?? 'auto';
  if (!['auto', 'native', 'wasm'].includes(want))
    throw new UserError(`TTFORGE_YOSYS must be native, wasm or auto, got '${want}'`);
  if (want !== 'wasm') {
    const r = await execa('yosys', ['-V'], { reject: false }).catch(() => undefined);
    if (r && r.exitCode === 0) return { kind: 'native', version: r.stdout.trim() };
    if (want === 'native')
      throw new UserError('TTFORGE_YOSYS=native but yosys is not on PATH (apt-get install -y yosys)');
  }
  const { version } = await import('@yowasp/yosys');
  return { kind: 'wasm', version: `Yosys ${version} (@yowasp/yosys)` };
}

/** The Yosys script of a job: reads, black boxes, synthesis, then what was asked for. */
export function synthScript(job: SynthJob): string {
  const verilog = job.files.filter((f) => /\.s?v$/.test(f.name)).map((f) => f.name);
  // Script words are split on blanks and ';' (quotes are not stripped everywhere).
  for (const n of [...verilog, job.top, ...(job.blackboxes ?? [])])
    if (!/^[\w.$/-]+$/.test(n)) throw new Error(`name unusable in a yosys script: '${n}'`);
  return [
    `read_verilog -sv ${verilog.join(' ')}`,
    ...(job.blackboxes ?? []).map((b) => `blackbox ${b}`),
    `synth_xilinx -family xcup -flatten -noiopad -top ${job.top}`,
    'tee -q -o stat.json stat -json',
    ...(job.depth ? ['write_json net.json'] : []),
    // ltp -noff does not know the Xilinx flip-flop cells: delete them so paths end at registers.
    ...(job.ltp ? ['delete t:FD*', 'tee -q -o ltp.txt ltp -noff'] : []),
  ].join('; ');
}

interface Stored {
  cells: Record<string, number>;
  ltpCells?: number;
  depth?: LogicDepth;
  seconds: number;
}

/** Synthesizes one job (or reads its cached result). A Yosys error is thrown with the end of its log. */
export async function synthesize(job: SynthJob): Promise<SynthOutcome> {
  const tool = await yosysTool();
  const script = synthScript(job);
  const key = cacheKey(tool, script, job);
  const cacheFile = job.cacheDir ? path.join(job.cacheDir, `${job.top}-${key}.json`) : undefined;
  if (cacheFile && existsSync(cacheFile)) {
    const s = JSON.parse(readFileSync(cacheFile, 'utf8')) as Stored;
    return { top: job.top, ...s, seconds: 0, tool: tool.version, cached: true };
  }
  const t0 = performance.now();
  const out = tool.kind === 'native' ? await runNative(job, script) : await runWasm(job, script);
  const seconds = (performance.now() - t0) / 1000;
  const stat = JSON.parse(out.get('stat.json') ?? '{}') as { design?: { num_cells_by_type?: Record<string, number> } };
  const raw = stat.design?.num_cells_by_type ?? {};
  const cells = Object.fromEntries(
    Object.keys(raw)
      .sort()
      .map((k) => [k, raw[k]!]),
  );
  const stored: Stored = { cells, seconds };
  if (job.ltp) {
    const m = /Longest topological path in \S+ \(length=(\d+)\)/.exec(out.get('ltp.txt') ?? '');
    if (!m) throw new Error(`yosys on ${job.top}: no 'Longest topological path' line in its ltp output`);
    stored.ltpCells = Number(m[1]);
  }
  if (job.depth)
    stored.depth = logicDepth(JSON.parse(out.get('net.json') ?? '{}') as YosysNetlist, job.top, job.blackboxes);
  if (cacheFile) {
    mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(stored)}\n`);
    renameSync(tmp, cacheFile); // whole or absent: never a half-written entry
  }
  return { top: job.top, ...stored, tool: tool.version, cached: false };
}

function cacheKey(tool: Tool, script: string, job: SynthJob): string {
  const h = createHash('sha256').update(`${tool.version}\n${script}\n`);
  for (const f of [...job.files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    h.update(`${f.name}\n${f.text.length}\n${f.text}`);
  return h.digest('hex').slice(0, 20);
}

const OUTPUTS = ['stat.json', 'net.json', 'ltp.txt'];

async function runNative(job: SynthJob, script: string): Promise<Map<string, string>> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ttforge-yosys-'));
  try {
    for (const f of job.files) {
      mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
      writeFileSync(path.join(dir, f.name), f.text);
    }
    const r = await execa('yosys', ['-q', '-p', script], {
      cwd: dir,
      reject: false,
      all: true,
      timeout: job.timeoutMs ?? 3_600_000,
    });
    if (r.exitCode !== 0)
      throw new Error(`yosys failed on ${job.top} (exit ${r.exitCode ?? r.signal}):\n${(r.all ?? '').slice(-3000)}`);
    const out = new Map<string, string>();
    for (const n of OUTPUTS) if (existsSync(path.join(dir, n))) out.set(n, readFileSync(path.join(dir, n), 'utf8'));
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runWasm(job: SynthJob, script: string): Promise<Map<string, string>> {
  const { runYosys } = await import('@yowasp/yosys');
  const tree: Record<string, string> = {};
  for (const f of job.files) {
    if (f.name.includes('/')) throw new Error(`@yowasp/yosys: sub-folders are not supported (${f.name})`);
    tree[f.name] = f.text;
  }
  let log = '';
  const decoder = new TextDecoder();
  const keep = (b: Uint8Array | null) => {
    if (b) log = (log + decoder.decode(b)).slice(-6000);
  };
  let result: unknown;
  try {
    result = await runYosys(['-q', '-p', script], tree, { stdout: keep, stderr: keep });
  } catch (e) {
    const files = (e as { files?: unknown }).files;
    throw new Error(`yosys (@yowasp/yosys) failed on ${job.top}:\n${log.slice(-3000)}${files ? '' : String(e)}`);
  }
  const out = new Map<string, string>();
  const files = (result ?? {}) as Record<string, unknown>;
  for (const n of OUTPUTS) {
    const v = files[n];
    if (typeof v === 'string') out.set(n, v);
    else if (v instanceof Uint8Array) out.set(n, decoder.decode(v));
  }
  return out;
}

/** Runs `fn` over `items`, at most `limit` at a time, results in item order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** How many Yosys processes to run at once: one per core. */
export const yosysParallelism = (): number => Math.max(1, os.availableParallelism());
