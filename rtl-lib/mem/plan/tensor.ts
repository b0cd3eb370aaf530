// What the planner is told about a design: its stages (the schedule, in order) and its tensors, each with
// its size, element width, access parallelism and the stages in which it is live. It knows nothing of
// what the tensors mean.
import type { PrimitiveKind } from './primitives.js';

export interface MemTensor {
  /** Unique within the design; used in reports and by generators. */
  name: string;
  /** Free-form category used for colours, legends and totals (e.g. 'parameter', 'activation'). */
  group: string;
  /** Number of elements. */
  words: number;
  /** Bits per element. */
  width: number;
  /** Elements read (or written) in the same cycle; each bank serves one row per cycle. Default 1. */
  parallel?: number;
  /**
   * Elements that may share one physical row: the access pattern reads them together (e.g. two FP32
   * words per 72-bit URAM row). Default 1.
   */
  maxPack?: number;
  /** Needs two independent read/write ports (true dual port). Default: one read + one write port. */
  dualPort?: boolean;
  /** The stages in which the contents must be kept (names from MemoryDesign.stages). */
  live: readonly string[];
  /** Force a storage kind instead of the policy's choice. */
  kind?: PrimitiveKind;
  /** Logical shape, for reports only. */
  shape?: readonly number[];
}

export interface MemoryDesign {
  name: string;
  /** The schedule: every stage once, in execution order. */
  stages: readonly string[];
  tensors: readonly MemTensor[];
}

/** Throws with a readable message when a design is malformed. */
export function validateDesign(d: MemoryDesign): void {
  const fail = (msg: string): never => {
    throw new Error(`memory design '${d.name}': ${msg}`);
  };
  const stages = new Set(d.stages);
  if (stages.size !== d.stages.length) fail('stage names must be unique');
  const names = new Set<string>();
  for (const t of d.tensors) {
    if (names.has(t.name)) fail(`duplicate tensor name '${t.name}'`);
    names.add(t.name);
    const posInt = (v: number | undefined, what: string) => {
      if (v !== undefined && (!Number.isInteger(v) || v < 1))
        fail(`${t.name}: ${what} must be a positive integer, got ${v}`);
    };
    posInt(t.words, 'words');
    posInt(t.width, 'width');
    posInt(t.parallel, 'parallel');
    posInt(t.maxPack, 'maxPack');
    if (t.live.length === 0) fail(`${t.name}: live in no stage`);
    for (const s of t.live) if (!stages.has(s)) fail(`${t.name}: unknown stage '${s}'`);
  }
}

/** The stages from `from` to `to` inclusive, in schedule order. */
export function stageSpan(stages: readonly string[], from: string, to: string): string[] {
  const a = stages.indexOf(from);
  const b = stages.indexOf(to);
  if (a < 0 || b < 0) throw new Error(`stageSpan: unknown stage '${a < 0 ? from : to}'`);
  if (b < a) throw new Error(`stageSpan: '${to}' comes before '${from}'`);
  return stages.slice(a, b + 1);
}
