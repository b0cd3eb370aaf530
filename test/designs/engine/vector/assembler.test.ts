// The vector program's binary format and its assembler: round trips, and every kind of bad program
// refused with the instruction's index and name (TTF190), before anything runs.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DiagnosticError } from '../../../../dsl/diagnostics.js';
import {
  VECTOR_FLAG_LAST,
  VECTOR_INSTRUCTION_BITS,
  decodeVectorInstruction,
  encodeVectorInstruction,
} from '../../../../designs/engine/vector/encoding.js';
import { runVectorProgram } from '../../../../designs/engine/vector/interpreter.js';
import {
  OP_SPECS,
  VECTOR_OPS,
  VIEW_OPERANDS,
  type VectorInstruction,
  type VectorOp,
} from '../../../../designs/engine/vector/isa.js';
import {
  assembleVectorProgram,
  disassembleVectorProgram,
  validateVectorProgram,
} from '../../../../designs/engine/vector/validate.js';

const field = fc.integer({ min: 0, max: 2 ** 24 - 1 });
const view = fc.record({ off: field, row: field, col: field });

/** Any instruction with exactly its opcode's operands (fields not range-checked: encoding only). */
const anyInstruction: fc.Arbitrary<VectorInstruction> = fc.constantFrom(...VECTOR_OPS).chain((op) => {
  const spec = OP_SPECS[op];
  const parts: Record<string, fc.Arbitrary<unknown>> = { op: fc.constant(op), m: field, n: field };
  for (const o of VIEW_OPERANDS) if (spec.operands[o]) parts[o] = view;
  if (spec.consts.length) parts.k = field;
  if (spec.accumulate) parts.accumulate = fc.boolean();
  return fc.record(parts).map((r) => JSON.parse(JSON.stringify(r)) as VectorInstruction);
});

const mem = { memWords: 4096 };
const add = (over: Partial<VectorInstruction> = {}): VectorInstruction => ({
  op: 'add',
  m: 2,
  n: 8,
  a: { off: 0, row: 8, col: 1 },
  b: { off: 100, row: 0, col: 1 },
  y: { off: 200, row: 8, col: 1 },
  label: 'residual',
  ...over,
});

function refusal(program: VectorInstruction[], cfg: { memWords: number; banks?: number; lanes?: number } = mem) {
  try {
    validateVectorProgram(program, cfg);
  } catch (e) {
    assert.ok(e instanceof DiagnosticError, String(e));
    assert.ok(e.diagnostics.every((d) => d.code === 'TTF190'));
    return e.message;
  }
  assert.fail('program accepted');
}

describe('engine/vector instruction format and assembler', () => {
  it('decode(encode(x)) gives every field and flag back, for every opcode (property)', () => {
    fc.assert(
      fc.property(anyInstruction, fc.boolean(), (ins, last) => {
        const word = encodeVectorInstruction(ins, last);
        assert.ok(word < 1n << BigInt(VECTOR_INSTRUCTION_BITS));
        const d = decodeVectorInstruction(word);
        assert.deepEqual(d.ins, ins);
        assert.equal(d.last, last);
      }),
      { numRuns: 400 },
    );
  });

  it('assembles a valid program with the last flag on the final word only, and disassembles it back', () => {
    const prog = [add(), add({ op: 'mul', label: 'gate' })];
    const words = assembleVectorProgram(prog, mem);
    assert.deepEqual(
      words.map((w) => (w >> BigInt(VECTOR_FLAG_LAST)) & 1n),
      [0n, 1n],
    );
    assert.deepEqual(
      disassembleVectorProgram(words, mem).map((i) => i.op),
      ['add', 'mul'],
    );
  });

  it('an unknown opcode is refused with its index: as a name and as a binary word', () => {
    const msg = refusal([add(), { ...add(), op: 'fma' as VectorOp, label: 'fused' }]);
    assert.match(msg, /vector instruction 1 'fused': unknown opcode 'fma'/);
    const words = assembleVectorProgram([add(), add()], mem);
    words[1] = (words[1]! & ~0xffn) | 99n;
    assert.throws(() => disassembleVectorProgram(words, mem), /vector instruction 1 'opcode 99': unknown opcode 99/);
    assert.throws(() => disassembleVectorProgram([0n], mem), /instruction 0 .*unknown opcode 0/);
  });

  it('an address beyond the memory is refused, naming the operand and the last address', () => {
    const msg = refusal([add(), add({ y: { off: 4090, row: 8, col: 1 }, label: 'late' })]);
    assert.match(msg, /vector instruction 1 'late': operand y \(out\) reaches address 4105, beyond the 4096-word/);
    assert.match(refusal([add({ op: 'scale', b: undefined, k: 4096 })]), /constants block k = 4096/);
  });

  it('bad views: missing or extra operands, a destination writing a word twice, overlaps, bad sizes and flags', () => {
    assert.match(refusal([add({ b: undefined })]), /operand b \(x2\) is missing/);
    assert.match(refusal([add({ c: { off: 0, row: 0, col: 0 } })]), /add has no such operand/);
    assert.match(refusal([add({ y: { off: 200, row: 0, col: 1 } })]), /writes one word twice over 2 x 8/);
    assert.match(refusal([add({ y: { off: 200, row: 2, col: 1 } })]), /writes one word twice/);
    assert.match(refusal([add({ y: { off: 4, row: 8, col: 1 } })]), /destination y \(out\) overlaps source a/);
    assert.match(refusal([add({ n: 0 })]), /n = 0: must be an integer/);
    assert.match(refusal([add({ a: { off: -1, row: 8, col: 1 } })]), /off = -1/);
    assert.match(refusal([add({ accumulate: true })]), /add has no accumulate flag/);
    assert.match(refusal([add({ k: 5 })]), /add takes no constants block/);
    // The same view in place is fine, and a transposed destination of a disjoint buffer too.
    validateVectorProgram([add({ y: { off: 0, row: 8, col: 1 } }), add({ y: { off: 300, row: 1, col: 2 } })], mem);
  });

  it('lane strides that are a multiple of the bank count are refused when the unit has lanes', () => {
    const wide = add({ a: { off: 0, row: 1, col: 34 }, y: { off: 1000, row: 8, col: 1 }, m: 1 });
    validateVectorProgram([wide], mem);
    assert.match(refusal([wide], { ...mem, banks: 17, lanes: 4 }), /lane stride 34 is a multiple of the 17 banks/);
  });

  it('in place over a source a later hardware pass still reads is refused (adam runs m, v, p one pass each); the forms it honours pass', () => {
    const v = (off: number) => ({ off, row: 8, col: 1 });
    const adam = (over: Partial<VectorInstruction>): VectorInstruction => ({
      op: 'adam',
      m: 2,
      n: 8,
      a: v(0),
      b: v(100),
      c: v(200),
      d: v(300),
      y: v(400),
      z: v(500),
      w: v(600),
      k: 700,
      label: 'opt',
      ...over,
    });
    validateVectorProgram([adam({}), adam({ y: v(0), z: v(200), w: v(300) }), adam({ y: v(100), w: v(300) })], mem);
    assert.match(
      refusal([adam({ z: v(100) })]),
      /instruction 0 'opt': destination z \(m out\) is written in place over b \(g\), which a later pass still reads \(the unit writes z, then w, then y/,
    );
    assert.match(refusal([adam({ w: v(0) })]), /destination w \(v out\) is written in place over a \(p\)/);
    // geluFwd's t over x runs y's pass first, so both in-place forms are fine.
    const gelu = (z: number, y: number): VectorInstruction => ({
      op: 'geluFwd',
      m: 2,
      n: 8,
      a: v(0),
      y: v(y),
      z: v(z),
    });
    validateVectorProgram([gelu(0, 100), gelu(100, 0)], mem);
  });

  it('every problem of every instruction is reported together; the interpreter never runs a bad program', () => {
    const m = new Float32Array(4096).fill(1);
    const bad = [add({ n: 0, label: 'first' }), add(), add({ b: undefined, label: 'third' })];
    assert.throws(
      () => runVectorProgram(bad, m),
      (e: Error) => /instruction 0 'first'/.test(e.message) && /instruction 2 'third'/.test(e.message),
    );
    assert.ok(
      m.every((x) => x === 1),
      'memory untouched',
    );
  });
});
