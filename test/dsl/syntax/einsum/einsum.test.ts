import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DiagnosticError } from '../../../../dsl/diagnostics.js';
import { parseEinsum } from '../../../../dsl/syntax/einsum/index.js';

/** The diagnostic of a failing parse: [line, col, message]. */
function failure(text: string, opts = {}): [number, number, string] {
  try {
    parseEinsum(text, opts);
  } catch (e) {
    assert.ok(e instanceof DiagnosticError, `not a DiagnosticError: ${String(e)}`);
    const d = e.diagnostics[0]!;
    assert.equal(d.code, 'TTF151');
    return [d.loc!.line, d.loc!.col, d.message];
  }
  assert.fail(`'${text}' parsed without error`);
}

describe('dsl/syntax/einsum parser', () => {
  it('parses a GEMM spec with explicit sizes', () => {
    const s = parseEinsum('bk,kn->bn; b = 32, k = 768, n = 768');
    assert.deepEqual(s.operands, [
      ['b', 'k'],
      ['k', 'n'],
    ]);
    assert.deepEqual(s.output, ['b', 'n']);
    assert.deepEqual(
      [...s.sizes],
      [
        ['b', 32],
        ['k', 768],
        ['n', 768],
      ],
    );
  });

  it('binds sizes from operand shapes, and from options', () => {
    const s = parseEinsum('bk,kn->bn', {
      shapes: [
        [4, 5],
        [5, 6],
      ],
    });
    assert.deepEqual(
      [...s.sizes],
      [
        ['b', 4],
        ['k', 5],
        ['n', 6],
      ],
    );
    const t = parseEinsum('bk,kn->bn; b = 4', { sizes: { k: 5, n: 6 } });
    assert.equal(t.sizes.get('n'), 6);
  });

  it('reads multi-character indices (letter + digits), spaces and newlines', () => {
    const s = parseEinsum('t i1 i2,\n i1 r1, r1 i2 r2 -> t r2; t=2, i1=3, i2=4, r1=5, r2=6');
    assert.deepEqual(s.operands, [
      ['t', 'i1', 'i2'],
      ['i1', 'r1'],
      ['r1', 'i2', 'r2'],
    ]);
    assert.deepEqual(s.output, ['t', 'r2']);
  });

  it('implicit output is the indices that appear once, sorted (numpy convention)', () => {
    assert.deepEqual(parseEinsum('nk,bk; b=1,k=2,n=3').output, ['b', 'n']);
  });

  it('syntax errors give line, column and what was expected', () => {
    assert.deepEqual(failure('bk,kn->bn; b 2'), [1, 14, "expected '=', found '2'"]);
    const [l, c, m] = failure('bk,kn->bn;\n b = 2,\n k = ');
    assert.deepEqual([l, c], [3, 5]);
    assert.match(m, /expected a positive integer, found end of input/);
    const [l2, c2, m2] = failure('bk->->');
    assert.deepEqual([l2, c2], [1, 5]);
    assert.match(m2, /expected an index name .* or ';' or end of input, found '->'/);
    const [l3, c3, m3] = failure('bk,k#n->bn');
    assert.deepEqual([l3, c3], [1, 5]);
    assert.match(m3, /unexpected character '#'/);
  });

  it('semantic errors point at the offending index', () => {
    assert.deepEqual(failure('bk,kn->\n  bz; b=1,k=1,n=1').slice(0, 2), [2, 4]);
    assert.match(failure('bk,kn->bz; b=1,k=1,n=1')[2], /output index 'z' does not appear/);
    assert.match(failure('bk,kn->bb; b=1,k=1,n=1')[2], /appears twice/);
    assert.match(failure('bkk,kn->bn; b=1,k=1,n=1')[2], /'k' appears twice in operand 1/);
    assert.deepEqual(failure('bk,kn->bn; b=1, n=1'), [
      1,
      2,
      "no size for index 'k': give its operand's shape or bind it ('; k = <size>')",
    ]);
    assert.match(
      failure('bk,kn->bn', {
        shapes: [
          [2, 3],
          [4, 5],
        ],
      })[2],
      /'k' has size 4 from operand 2's shape but 3 elsewhere/,
    );
    assert.match(
      failure('bk,kn->bn; k=7', {
        shapes: [
          [2, 3],
          [3, 5],
        ],
      })[2],
      /'k' has size 7 given explicitly but 3/,
    );
    assert.match(
      failure('bk,kn->bn; z=7', {
        shapes: [
          [2, 3],
          [3, 5],
        ],
      })[2],
      /'z', which no operand uses/,
    );
    assert.match(failure('bk,kn->bn', { shapes: [[2, 3]] })[2], /2 operand\(s\) but 1 shape/);
    assert.match(failure('bk,kn->bn', { shapes: [[2], [3, 5]] })[2], /operand 1 has 2 indices but its tensor has 1/);
  });

  it('round-trips random well-formed specs (property)', () => {
    const letters = 'abcdefgh'.split('');
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(fc.constantFrom(...letters), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (operands, spaced) => {
          const used = [...new Set(operands.flat())];
          const output = used.filter((_, i) => i % 2 === 0);
          const sep = spaced ? ' ' : '';
          const text = `${operands.map((o) => o.join(sep)).join(spaced ? ' , ' : ',')}->${output.join(sep)};${used.map((u, i) => `${u}=${i + 1}`).join(',')}`;
          const s = parseEinsum(text);
          assert.deepEqual(s.operands, operands);
          assert.deepEqual(s.output, output);
          used.forEach((u, i) => assert.equal(s.sizes.get(u), i + 1));
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });
});
