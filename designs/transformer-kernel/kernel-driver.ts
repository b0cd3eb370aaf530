// Drives the transformer kernel as a host would, through its AXI interfaces only: the batch's input
// records, the lrTable and the parameter block in an AXI4 memory model (HBM), the arguments, ap_start
// and the ap_done polls over s_axi_control. Each invocation's output records come back decoded, each
// sample with the reference check of what was sent: a skipped sample is reported with its index and
// checkInputRecord's reason, and a status that differs from the reference's is reported as such.
import type { BackendName } from '../../sim/backend.js';
import { simulate } from '../../sim/simulate.js';
import type { Simulation } from '../../sim/simulation.js';
import { AxiMemoryModel } from '../../rtl-lib/axi/sim/memory-model.js';
import { AxiLiteHost } from '../../rtl-lib/axi/sim/control-host.js';
import { nativeAxiLiteHost } from '../../rtl-lib/axi/sim/native-axi-lite-host.js';
import { nativeAxiMemory } from '../../rtl-lib/axi/sim/native-axi-memory.js';
import { FLAG_STORE_PARAMS, STATUS_CORE_ERROR, transformerKernelSpec } from './kernel-options.js';
import { checkInputRecord, inputStride, outputStride, readOutputRecord, SampleStatus } from './sample-record.js';
import type { TransformerTrainKernel } from './transformer-kernel.js';

export const KERNEL_PHASES = ['params', 'check', 'inputs', 'core', 'output', 'store'] as const;
export type KernelPhase = (typeof KERNEL_PHASES)[number];

export interface DriverOptions {
  backend: BackendName;
  /** AXI memory model: probability of offering READY/VALID in a cycle. */
  throughput?: number;
  seed?: number;
  /** Run the AXI models inside the simulator where the back end can (Verilator); default true. */
  nativeAgents?: boolean;
  cacheDir?: string;
  log?: (line: string) => void;
}

export interface Batch {
  samples: number;
  flags: number;
  /** samples input records (sample-record.ts). */
  records: Uint32Array;
  /** lrWords words per sample (unused when evaluating; zeros when absent). */
  lrTable?: Uint32Array;
  /** Written to the HBM parameter buffer before the run (what the load flag reads). */
  params?: Uint32Array;
}

export interface SampleOutcome {
  index: number;
  /** The hardware's status word. */
  status: number;
  /** checkInputRecord's status and reason for what was sent. */
  expected: number;
  reason: string;
  lossBits: number;
  intentPred: number;
  /** maxTokens words: position t's prediction (-1 at 0 and past the length). */
  slotPred: Int32Array;
}

export interface InvocationResult {
  /** The output records as the kernel wrote them. */
  outputs: Uint32Array;
  samples: SampleOutcome[];
  /** The parameter block read back (store flag set). */
  params?: Uint32Array;
  /** Host view: cycles from ap_start to the poll that saw ap_done. */
  cycles: number;
  phases: Record<KernelPhase, number>;
  /** One line per sample that was skipped, or whose status differs from the reference. */
  problems: string[];
}

const align = (a: number) => Math.ceil(a / 4096) * 4096;

/** One line about a sample's outcome, or undefined for an ok sample the reference agrees with. */
export function describeOutcome(s: SampleOutcome): string | undefined {
  if (s.status === STATUS_CORE_ERROR && s.expected === SampleStatus.ok)
    return `sample ${s.index}: the core stopped with an error (a bad program word)`;
  if (s.status !== s.expected)
    return `sample ${s.index}: kernel status ${s.status}, reference ${s.expected}${s.reason ? ` (${s.reason})` : ''}`;
  if (s.status !== SampleStatus.ok) return `sample ${s.index} skipped: ${s.reason}`;
  return undefined;
}

export class TransformerKernelDriver {
  private constructor(
    readonly kernel: TransformerTrainKernel,
    readonly sim: Simulation,
    private readonly mem: AxiMemoryModel,
    private readonly host: AxiLiteHost,
    private readonly log: (line: string) => void,
  ) {}

  static async open(kernel: TransformerTrainKernel, o: DriverOptions): Promise<TransformerKernelDriver> {
    const log = o.log ?? (() => {});
    const sim = await simulate(kernel, {
      backend: o.backend,
      reset: 'ap_rst_n',
      ...(o.cacheDir ? { cacheDir: o.cacheDir } : {}),
      internals: KERNEL_PHASES.map((p) => `cycles_${p}`),
      agents: o.nativeAgents === false ? [] : [nativeAxiMemory('m_axi_gmem', 32), nativeAxiLiteHost('s_axi_control')],
      log,
    });
    const mem = new AxiMemoryModel(sim, {
      prefix: 'm_axi_gmem',
      dataBits: 32,
      throughput: o.throughput ?? 1,
      seed: o.seed ?? 1,
    });
    const host = new AxiLiteHost(sim);
    host.idle();
    mem.start();
    await sim.reset(3, true);
    return new TransformerKernelDriver(kernel, sim, mem, host, log);
  }

  /** One invocation over the batch; HBM: parameters at 0x1000, then lrTable, input and output records. */
  async run(b: Batch): Promise<InvocationResult> {
    const o = this.kernel.options;
    const M = o.shape.maxTokens;
    const L = o.map.lrWords;
    const pWords = o.params.words;
    if (b.records.length !== b.samples * inputStride(M))
      throw new RangeError(
        `${b.samples} samples need ${b.samples * inputStride(M)} record words, got ${b.records.length}`,
      );
    const lrTable = b.lrTable ?? new Uint32Array(b.samples * L);
    if (lrTable.length !== b.samples * L)
      throw new RangeError(`the lrTable needs ${L} words per sample (${b.samples * L}), got ${lrTable.length}`);
    const addr = { params: 0x1000, lr: 0, in: 0, out: 0 };
    addr.lr = align(addr.params + 4 * pWords);
    addr.in = align(addr.lr + 4 * lrTable.length);
    addr.out = align(addr.in + 4 * b.records.length);
    if (b.params) this.mem.writeU32(addr.params, b.params);
    this.mem.writeU32(addr.lr, lrTable);
    this.mem.writeU32(addr.in, b.records);
    const run = await this.host.run(transformerKernelSpec, {
      samples: b.samples,
      flags: b.flags,
      in: addr.in,
      out: addr.out,
      params: addr.params,
      lrTable: addr.lr,
    });
    const phases = Object.fromEntries(
      await Promise.all(KERNEL_PHASES.map(async (p) => [p, Number(await this.sim.peek(`cycles_${p}`))])),
    ) as Record<KernelPhase, number>;
    const outputs = await this.mem.readU32(addr.out, b.samples * outputStride(M));
    const samples: SampleOutcome[] = [];
    const problems: string[] = [];
    for (let i = 0; i < b.samples; i++) {
      const ref = checkInputRecord(o.shape, b.records, i);
      const got = readOutputRecord(M, outputs, i);
      const s: SampleOutcome = {
        index: i,
        status: got.status,
        expected: ref.status,
        reason: ref.reason,
        lossBits: got.lossBits,
        intentPred: got.intentPred,
        slotPred: got.slotPred,
      };
      samples.push(s);
      const line = describeOutcome(s);
      if (line) {
        problems.push(line);
        this.log(line);
      }
    }
    const params = b.flags & FLAG_STORE_PARAMS ? await this.mem.readU32(addr.params, pWords) : undefined;
    this.log(
      `${b.samples} samples in ${run.cycles} cycles [${KERNEL_PHASES.map((p) => `${p} ${phases[p]}`).join(', ')}]` +
        `, ${problems.length} reported`,
    );
    return { outputs, samples, ...(params ? { params } : {}), cycles: run.cycles, phases, problems };
  }

  async close(): Promise<void> {
    await this.mem.stop();
    await this.sim.close();
  }
}
