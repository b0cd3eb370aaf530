// The whole-model interpreter: a GEMM over strided views of one memory image has the bits of
// gemm32Reference (FP32_GEMM_ORDER element by element) on separate arrays; GEMM and vector instructions
// run in program order over the same words; bad instructions are refused with their index and label.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type GemmInstruction, rowMajor } from '../../../designs/program/isa.js';
import { ProgramError, runProgram } from '../../../designs/program/interpreter.js';
import { gemm32Reference } from '../../../designs/tt/gemm32.js';
import { firstMismatch } from './model-trace.js';

const f = Math.fround;
const value = fc.oneof(
  fc.float({ noDefaultInfinity: true, noNaN: true, min: -1e3, max: 1e3 }),
  fc.constantFrom(0, -0, f(1e-40), f(3e38), Number.POSITIVE_INFINITY, Number.NaN),
);

describe('program/interpreter', () => {
  it('a GEMM over strided, transposed views of one image equals gemm32Reference (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.array(value, { minLength: 600, maxLength: 600 }),
        (m, n, k, transA, transB, accumulate, words) => {
          // A at 0 (m x k), B at 200 (k x n), C at 400 (m x n), each row-major or transposed, padded.
          const view = (off: number, rows: number, cols: number, t: boolean) =>
            t ? { off, row: 1, col: rows + 1 } : { off, row: cols + 2, col: 1 };
          const a = view(0, m, k, transA),
            b = view(200, k, n, transB),
            c = view(400, m, n, false);
          const image = Float32Array.from(words);
          const want = image.slice();
          gemm32Reference(
            m,
            n,
            k,
            want,
            a.off,
            a.row,
            a.col,
            want,
            b.off,
            b.row,
            b.col,
            want,
            c.off,
            c.row,
            c.col,
            accumulate,
          );
          runProgram([{ op: 'gemm', m, n, k, a, b, c, accumulate }], image);
          assert.equal(firstMismatch(want, image), undefined);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('runs GEMM and vector instructions in order over the same words', () => {
    // Y = X W (2 x 2), then Y += b by the vector unit, then GEMM again on the vector result.
    const image = Float32Array.from([1, 2, 3, 4, 0.5, -1, 2, 0.25, 10, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    runProgram(
      [
        { op: 'gemm', m: 2, n: 2, k: 2, a: rowMajor(0, 2), b: rowMajor(4, 2), c: rowMajor(10, 2), accumulate: false },
        { op: 'add', m: 2, n: 2, a: rowMajor(10, 2), b: { off: 8, row: 0, col: 1 }, y: rowMajor(10, 2) },
        { op: 'gemm', m: 2, n: 2, k: 2, a: rowMajor(10, 2), b: rowMajor(4, 2), c: rowMajor(14, 2), accumulate: false },
      ],
      image,
    );
    // X W = [[4.5, -0.5], [9.5, -2]]; + b = [[14.5, 19.5], [19.5, 18]]; times W again:
    assert.deepEqual([...image.subarray(10, 18)], [14.5, 19.5, 19.5, 18, 46.25, -9.625, 45.75, -15]);
  });

  it('refuses bad GEMMs with the index and label, before touching memory', () => {
    const image = new Float32Array(32).fill(7);
    const good: GemmInstruction = {
      op: 'gemm',
      m: 2,
      n: 2,
      k: 2,
      a: rowMajor(0, 2),
      b: rowMajor(4, 2),
      c: rowMajor(8, 2),
      accumulate: false,
    };
    const bad = (ins: Partial<GemmInstruction>, msg: RegExp) => {
      assert.throws(
        () => runProgram([good, { ...good, label: 'the bad one', ...ins }], image),
        (e: unknown) =>
          e instanceof ProgramError &&
          /TTF191/.test(e.message) &&
          /instruction 1 'the bad one'/.test(e.message) &&
          msg.test(e.message),
      );
      assert.ok(image.every((x) => x === 7));
    };
    bad({ c: rowMajor(30, 2) }, /operand C reaches address 33, beyond the 32-word data memory/);
    bad({ c: rowMajor(3, 2) }, /C \(addresses 3\.\.6\) overlaps A/);
    bad({ c: { off: 8, row: 0, col: 1 } }, /writes one word twice/);
    bad({ k: 0 }, /k = 0: must be a positive integer/);
    assert.throws(
      () => runProgram([good, { op: 'copy', m: 1, n: 4, a: rowMajor(0, 4), y: rowMajor(30, 4) }], image),
      /instruction 1 'copy' \(copy\): operand y \(out\) reaches address 33/,
    );
  });
});
