// Parses and checks an einsum contraction spec: indices per operand, the output indices and the size
// of every index, bound from the operands' shapes and/or given explicitly ("; b = 32, k = 768").
// Every problem is a TTF151 diagnostic with line and column in the spec text.
import { type Diagnostic, DiagnosticError } from '../../diagnostics.js';
import type { IToken } from 'chevrotain';
import { einsumLexer } from './lexer.js';
import { type EinsumAst, einsumParser, type IndexRef } from './parser.js';

export interface EinsumSpec {
  /** Index names of each operand, in order. */
  operands: string[][];
  output: string[];
  /** Size of every index that appears. */
  sizes: Map<string, number>;
  text: string;
}

export interface EinsumOptions {
  /** Operand shapes, one per operand, binding sizes by position. */
  shapes?: readonly (readonly number[])[];
  /** Explicit sizes, in addition to those written in the spec. */
  sizes?: Readonly<Record<string, number>>;
  /** Name used in diagnostics (default '<einsum>'). */
  source?: string;
}

export function parseEinsum(text: string, opts: EinsumOptions = {}): EinsumSpec {
  const file = opts.source ?? '<einsum>';
  const fail = (message: string, line: number, col: number): never => {
    const d: Diagnostic = { code: 'TTF151', severity: 'error', message, loc: { file, line, col } };
    throw new DiagnosticError([d]);
  };
  const lexed = einsumLexer.tokenize(text);
  if (lexed.errors.length) {
    const e = lexed.errors[0]!;
    fail(
      `unexpected character '${text.slice(e.offset, e.offset + e.length)}'; expected an index name, ',', '->', ';', '=' or an integer`,
      e.line ?? 1,
      e.column ?? 1,
    );
  }
  einsumParser.input = lexed.tokens;
  const ast: EinsumAst = einsumParser.spec();
  if (einsumParser.errors.length) {
    const e = einsumParser.errors[0]!;
    const t = e.token;
    const atEnd = t.tokenType.name === 'EOF';
    const before = atEnd ? lexed.tokens : lexed.tokens.filter((x) => x.startOffset < t.startOffset);
    const expected = expectedAfter(before, e.name === 'NotAllInputParsedException');
    const last = lexed.tokens.at(-1);
    const line = atEnd ? (last?.endLine ?? 1) : (t.startLine ?? 1);
    const col = atEnd ? (last?.endColumn ?? 0) + 1 : (t.startColumn ?? 1);
    fail(`expected ${expected}, found ${atEnd ? 'end of input' : `'${t.image}'`}`, line, col);
  }
  return check(ast, text, opts, fail);
}

/** What the grammar accepts after `tokens`, from chevrotain's content assist, by token label. */
function expectedAfter(tokens: IToken[], endAllowed: boolean): string {
  const labels = einsumParser
    .computeContentAssist('spec', tokens)
    .map((p) => p.nextTokenType.LABEL ?? p.nextTokenType.name);
  const all = [...new Set(labels)];
  if (endAllowed) all.push('end of input');
  return all.length ? all.join(' or ') : 'end of input';
}

function check(
  ast: EinsumAst,
  text: string,
  opts: EinsumOptions,
  fail: (m: string, l: number, c: number) => never,
): EinsumSpec {
  const sizes = new Map<string, number>();
  const firstSeen = new Map<string, IndexRef>();
  const bind = (name: string, size: number, where: { line: number; column: number }, why: string) => {
    if (!Number.isInteger(size) || size < 1)
      fail(`size of '${name}' must be a positive integer, got ${size}`, where.line, where.column);
    const old = sizes.get(name);
    if (old !== undefined && old !== size)
      fail(`index '${name}' has size ${size} ${why} but ${old} elsewhere`, where.line, where.column);
    sizes.set(name, size);
  };
  if (opts.shapes && opts.shapes.length !== ast.operands.length) {
    fail(`spec has ${ast.operands.length} operand(s) but ${opts.shapes.length} shape(s) were given`, 1, 1);
  }
  ast.operands.forEach((op, k) => {
    const inOperand = new Set<string>();
    for (const ix of op) {
      // A repeated index inside one operand (a diagonal) is not a contraction a GEMM engine performs.
      if (inOperand.has(ix.name)) fail(`index '${ix.name}' appears twice in operand ${k + 1}`, ix.line, ix.column);
      inOperand.add(ix.name);
      if (!firstSeen.has(ix.name)) firstSeen.set(ix.name, ix);
    }
    const shape = opts.shapes?.[k];
    if (!shape) return;
    const at = op[0] ?? { line: 1, column: 1 };
    if (shape.length !== op.length)
      fail(
        `operand ${k + 1} has ${op.length} indices but its tensor has ${shape.length} dimensions`,
        at.line,
        at.column,
      );
    op.forEach((ix, i) => bind(ix.name, shape[i]!, ix, `from operand ${k + 1}'s shape`));
  });
  for (const b of ast.bindings) {
    if (!firstSeen.has(b.index.name))
      fail(`size given for index '${b.index.name}', which no operand uses`, b.index.line, b.index.column);
    bind(b.index.name, b.size, b, 'given explicitly');
  }
  for (const [name, size] of Object.entries(opts.sizes ?? {})) {
    const at = firstSeen.get(name);
    if (!at) fail(`size given for index '${name}', which no operand uses`, 1, 1);
    bind(name, size, at!, 'from the options');
  }
  let output: string[];
  if (ast.output) {
    const seen = new Set<string>();
    for (const ix of ast.output) {
      if (!firstSeen.has(ix.name)) fail(`output index '${ix.name}' does not appear in any operand`, ix.line, ix.column);
      if (seen.has(ix.name)) fail(`output index '${ix.name}' appears twice`, ix.line, ix.column);
      seen.add(ix.name);
    }
    output = ast.output.map((i) => i.name);
  } else {
    // numpy's implicit form: the indices that appear exactly once, in alphabetical order.
    const count = new Map<string, number>();
    for (const op of ast.operands) for (const ix of op) count.set(ix.name, (count.get(ix.name) ?? 0) + 1);
    output = [...count]
      .filter(([, c]) => c === 1)
      .map(([n]) => n)
      .sort();
  }
  for (const [name, at] of firstSeen) {
    if (!sizes.has(name))
      fail(
        `no size for index '${name}': give its operand's shape or bind it ('; ${name} = <size>')`,
        at.line,
        at.column,
      );
  }
  return { operands: ast.operands.map((op) => op.map((i) => i.name)), output, sizes, text };
}
