// Random netlists for differential fuzzing: a fast-check recipe (so failures shrink) interpreted into
// a valid IR module: every cell kind at widths from 1 to ~100 bits, comb processes with if/case and
// defaults, registers with and without reset, memories with sync and async reads, masked writes and
// initial contents, FSM-shaped state registers (case over the state, binary or one-hot codes), and
// Vivado attributes on registers, memories and wires (a declaration that carries `(* ... *)` was once
// invisible to the Icarus testbench, so its state was never cleared at time 0).
import fc from 'fast-check';
import type { VivadoAttributes } from '../../dsl/attributes.js';
import type { CellOp, Design, IrStmt, NetId } from '../../dsl/ir/netlist.js';
import { IrBuilder, assign, designOf, ifElse } from '../ir-builder.js';

export interface Step {
  kind: number;
  op: number;
  x: number;
  y: number;
  z: number;
  w: number;
  k: bigint;
  signed: boolean;
}
export interface MemoryRecipe {
  width: number;
  masked: boolean;
  /** Index into ATTRIBUTES. */
  attrs: number;
  /** Initial contents of the first words (empty: none, zero at power-on). */
  init: readonly bigint[];
}
export interface FsmRecipe {
  states: number;
  onehot: boolean;
  attrs: number;
  /** Per state: the condition bit (pool index) and the state to go to when it holds. */
  moves: { cond: number; to: number }[];
}
export interface Recipe {
  inputs: number[];
  regs: { width: number; init: bigint; reset: number; attrs: number }[];
  steps: Step[];
  regNext: { from: number; cond: number }[];
  outputs: number[];
  memories: MemoryRecipe[];
  fsms: FsmRecipe[];
}

/** Attribute sets drawn by the recipes; the first is none. */
export const ATTRIBUTES: readonly (VivadoAttributes | undefined)[] = [
  undefined,
  { ramStyle: 'block' },
  { ramStyle: 'distributed', keep: true },
  { fsmEncoding: 'one_hot' },
  { fsmEncoding: 'sequential', maxFanout: 16 },
  { keep: true },
  { asyncReg: true, dontTouch: true },
];
const attrsArb = fc.nat(ATTRIBUTES.length - 1);

const OPS: CellOp[] = [
  'add',
  'sub',
  'mul',
  'and',
  'or',
  'xor',
  'not',
  'neg',
  'andr',
  'orr',
  'xorr',
  'eq',
  'ne',
  'lt',
  'le',
  'gt',
  'ge',
  'shl',
  'shr',
  'mux',
  'slice',
  'concat',
  'zext',
  'sext',
];

const widthArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 16 }) },
  { weight: 2, arbitrary: fc.integer({ min: 17, max: 40 }) },
  { weight: 1, arbitrary: fc.integer({ min: 41, max: 100 }) },
);

export function recipeArb(size: { steps: number; outputs: number }): fc.Arbitrary<Recipe> {
  return fc.record({
    inputs: fc.array(widthArb, { minLength: 1, maxLength: 4 }),
    regs: fc.array(
      fc.record({
        width: widthArb,
        init: fc.bigInt({ min: 0n, max: (1n << 100n) - 1n }),
        reset: fc.nat(2),
        attrs: attrsArb,
      }),
      { minLength: 0, maxLength: 4 },
    ),
    steps: fc.array(
      fc.record({
        kind: fc.nat(9),
        op: fc.nat(OPS.length - 1),
        x: fc.nat(),
        y: fc.nat(),
        z: fc.nat(),
        w: widthArb,
        k: fc.bigInt({ min: 0n, max: (1n << 100n) - 1n }),
        signed: fc.boolean(),
      }),
      { minLength: 1, maxLength: size.steps },
    ),
    regNext: fc.array(fc.record({ from: fc.nat(), cond: fc.nat() }), { minLength: 4, maxLength: 4 }),
    outputs: fc.array(fc.nat(), { minLength: 1, maxLength: size.outputs }),
    memories: fc.array(
      fc.record({
        width: fc.constantFrom(8, 16, 24, 40),
        masked: fc.boolean(),
        attrs: attrsArb,
        init: fc.oneof(
          { weight: 2, arbitrary: fc.constant<readonly bigint[]>([]) },
          {
            weight: 1,
            arbitrary: fc.array(fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }), { minLength: 1, maxLength: 8 }),
          },
        ),
      }),
      { maxLength: 2 },
    ),
    fsms: fc.array(
      fc.record({
        states: fc.integer({ min: 2, max: 5 }),
        onehot: fc.boolean(),
        attrs: attrsArb,
        moves: fc.array(fc.record({ cond: fc.nat(), to: fc.nat() }), { minLength: 5, maxLength: 5 }),
      }),
      { maxLength: 2 },
    ),
  });
}

/** Interprets a recipe as a module named `name`, with the default clock domain. */
export function buildRecipe(r: Recipe, name = 'Fuzz'): Design {
  const b = new IrBuilder(name);
  b.defaultDomain();
  const pool: NetId[] = [];
  const width = (n: NetId): number => b.nets[n]!.width;
  const withAttrs = (n: NetId, which: number): void => {
    const attrs = ATTRIBUTES[which];
    if (attrs) b.nets[n] = { ...b.nets[n]!, attrs };
  };
  r.inputs.forEach((w, i) => pool.push(b.input(`in${i}`, w)));
  const regs = r.regs.map((g, i) => {
    const reset = (['sync', 'none', 'none'] as const)[g.reset]!;
    const init = g.reset === 2 ? undefined : BigInt.asUintN(g.width, g.init);
    const id = b.reg(`r${i}`, g.width, init, init === undefined ? 'none' : reset);
    withAttrs(id, g.attrs);
    pool.push(id);
    return id;
  });
  const pick = (i: number): NetId => pool[i % pool.length]!;
  /** The net resized to `w` bits (slice or zero-extend). */
  const fit = (n: NetId, w: number): NetId => {
    const have = width(n);
    if (have === w) return n;
    return have > w ? b.cell('slice', [n], w, { hi: w - 1, lo: 0 }) : b.cell('zext', [n], w);
  };
  const bit = (n: NetId): NetId => fit(n, 1);

  const memReads: NetId[] = [];
  r.memories.forEach((m, k) => {
    const mw = m.width;
    const en = bit(pick(1 + k));
    const addr = fit(pick(2 + k), 3);
    const data = fit(pick(3 + k), mw);
    const ra = fit(pick(4 + k), 3);
    const rdSync = b.net(`mem${k}_rs`, mw, 'mem_read');
    const rdAsync = b.net(`mem${k}_ra`, mw, 'mem_read');
    const mask = m.masked ? fit(pick(5 + k), mw / 8) : undefined;
    const attrs = ATTRIBUTES[m.attrs];
    b.memories.push({
      name: `mem${k}`,
      width: mw,
      depth: 8,
      ...(m.init.length ? { init: m.init.map((v) => BigInt.asUintN(mw, v)) } : {}),
      ...(attrs ? { attrs } : {}),
      writePorts: [
        {
          domain: 0,
          en,
          addr,
          data,
          ...(mask !== undefined ? { mask } : {}),
          maskGranularity: mask !== undefined ? 8 : mw,
        },
      ],
      readPorts: [
        { addr: ra, data: rdSync, sync: true, domain: 0 },
        { addr: fit(pick(6 + k), 3), data: rdAsync, sync: false },
      ],
    });
    memReads.push(rdSync, rdAsync);
    pool.push(rdSync, rdAsync);
  });

  // FSM-shaped state registers, as dsl/fsm.ts builds them: a reset state register, a case over the
  // state codes with one conditional move per state, and an illegal code returning to the initial state.
  const fsmStates = r.fsms.map((f, k) => {
    const codes = Array.from({ length: f.states }, (_, i) => (f.onehot ? 1n << BigInt(i) : BigInt(i)));
    const w = f.onehot ? f.states : Math.max(1, Math.ceil(Math.log2(f.states)));
    const state = b.reg(`fsm${k}_state`, w, codes[0]!, 'sync');
    withAttrs(state, f.attrs);
    const konst = codes.map((c) => b.konst(c, w));
    b.sync(
      [state],
      [
        {
          kind: 'case',
          sel: state,
          cases: codes.map((c, i) => {
            const mv = f.moves[i % f.moves.length]!;
            return { values: [c], body: [ifElse(bit(pick(mv.cond)), [assign(state, konst[mv.to % f.states]!)])] };
          }),
          default: [assign(state, konst[0]!)],
        },
      ],
    );
    pool.push(state);
    return state;
  });

  let wires = 0;
  for (const s of r.steps) {
    const a = pick(s.x);
    if (s.kind === 0) {
      pool.push(b.konst(BigInt.asUintN(s.w, s.k), s.w));
      continue;
    }
    if (s.kind === 1 || s.kind === 2) {
      // A comb process: default, then if or case with last-connect.
      const w = width(a);
      const t = b.net(`w${wires++}`, w, 'wire');
      const other = fit(pick(s.y), w);
      const third = fit(pick(s.z), w);
      let body: IrStmt[];
      if (s.kind === 1) {
        body = [
          ifElse(bit(pick(s.z + 1)), [assign(t, other)], [assign(t, third), ...(s.signed ? [assign(t, other)] : [])]),
        ];
      } else {
        const sel = fit(pick(s.y + 2), 2);
        body = [
          {
            kind: 'case',
            sel,
            cases: [
              { values: [0n], body: [assign(t, other)] },
              { values: [1n, 3n], body: [assign(t, third)] },
            ],
            default: [],
          },
        ];
      }
      b.comb([t], body, [{ target: t, value: a }]);
      withAttrs(t, s.op % ATTRIBUTES.length);
      pool.push(t);
      continue;
    }
    const op = OPS[s.op]!;
    const wa = width(a);
    switch (op) {
      case 'add':
      case 'sub':
      case 'and':
      case 'or':
      case 'xor':
        pool.push(b.cell(op, [a, fit(pick(s.y), wa)], wa));
        break;
      case 'mul': {
        const m = fit(a, Math.min(wa, 40));
        const n2 = fit(pick(s.y), Math.min(width(pick(s.y)), 40));
        pool.push(b.cell('mul', [m, n2], width(m) + width(n2), { signed: s.signed }));
        break;
      }
      case 'not':
      case 'neg':
        pool.push(b.cell(op, [a], wa));
        break;
      case 'andr':
      case 'orr':
      case 'xorr':
        pool.push(b.cell(op, [a], 1));
        break;
      case 'eq':
      case 'ne':
        pool.push(b.cell(op, [a, fit(pick(s.y), wa)], 1));
        break;
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
        pool.push(b.cell(op, [a, fit(pick(s.y), wa)], 1, { signed: s.signed }));
        break;
      case 'shl':
      case 'shr': {
        const amt = fit(pick(s.y), Math.min(7, width(pick(s.y))));
        pool.push(b.cell(op, [a, amt], wa, { signed: op === 'shr' && s.signed }));
        break;
      }
      case 'mux':
        pool.push(b.cell('mux', [bit(pick(s.z)), a, fit(pick(s.y), wa)], wa));
        break;
      case 'slice': {
        const lo = s.y % wa;
        const hi = lo + (s.z % (wa - lo));
        pool.push(b.cell('slice', [a], hi - lo + 1, { hi, lo }));
        break;
      }
      case 'concat': {
        const c = pick(s.y);
        if (wa + width(c) <= 120) pool.push(b.cell('concat', [a, c], wa + width(c)));
        break;
      }
      case 'zext':
      case 'sext':
        pool.push(b.cell(op, [a], Math.min(120, wa + (s.y % 40))));
        break;
    }
  }

  // Registers: next value from the pool, loaded only when a condition bit holds.
  regs.forEach((reg, i) => {
    const nx = r.regNext[i % r.regNext.length]!;
    b.sync([reg], [ifElse(bit(pick(nx.cond)), [assign(reg, fit(pick(nx.from), width(reg)))])]);
  });
  const outs = new Set<NetId>(r.outputs.map(pick));
  for (const reg of [...regs, ...fsmStates]) outs.add(reg);
  for (const n of memReads) outs.add(n);
  [...outs].forEach((n, i) => b.drive(b.output(`out${i}`, width(n)), n));
  return designOf(b.build());
}
