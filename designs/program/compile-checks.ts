// What the program compiler refuses, before it emits anything: a configuration whose shapes do not
// multiply out, TT ranks that do not chain, a sample of length 0 or over maxTokens, a token outside the
// table. Every problem is reported together (TTF192), naming the field and what to change.
import { type Diagnostic, DiagnosticError } from '../../dsl/diagnostics.js';
import { type TTLayerShape, type TransformerConfig, product } from '../transformer/config.js';

export class CompileInputError extends DiagnosticError {}

const positiveInts = (xs: readonly number[]) => xs.every((x) => Number.isInteger(x) && x >= 1);

function ttProblems(
  field: string,
  s: TTLayerShape,
  inDim: number,
  inName: string,
  outDim: number,
  outName: string,
): string[] {
  const out: string[] = [];
  if (!s.inShape.length || !s.outShape.length || !positiveInts([...s.inShape, ...s.outShape]))
    return [`${field}.inShape/outShape must be non-empty lists of positive integers`];
  if (product(s.inShape) !== inDim)
    out.push(
      `${field}.inShape [${s.inShape}] multiplies to ${product(s.inShape)}, but ${inName} is ${inDim}: change the modes so their product is ${inDim}`,
    );
  if (product(s.outShape) !== outDim)
    out.push(
      `${field}.outShape [${s.outShape}] multiplies to ${product(s.outShape)}, but ${outName} is ${outDim}: change the modes so their product is ${outDim}`,
    );
  const cores = s.inShape.length + s.outShape.length;
  if (s.ranks.length !== cores + 1 || s.ranks[0] !== 1 || s.ranks[cores] !== 1 || !positiveInts(s.ranks))
    out.push(
      `${field}.ranks [${s.ranks}] do not chain ${cores} cores: give ${cores + 1} positive integers starting and ending with 1`,
    );
  return out;
}

/** The configuration's problems as messages (empty when the compiler can take it). */
export function configProblems(c: TransformerConfig): string[] {
  const out: string[] = [];
  for (const f of ['vocab', 'maxTokens', 'dModel', 'heads', 'dFF', 'layers', 'intents', 'slots'] as const)
    if (!Number.isInteger(c[f]) || c[f] < 1) out.push(`${f} = ${c[f]}: must be a positive integer`);
  if (out.length) return out;
  if (c.dModel % c.heads !== 0)
    out.push(`dModel ${c.dModel} is not a multiple of heads ${c.heads}: change heads to a divisor of ${c.dModel}`);
  out.push(...ttProblems('attn', c.attn, c.dModel, 'dModel', c.dModel, 'dModel'));
  out.push(...ttProblems('ffn1', c.ffn1, c.dModel, 'dModel', c.dFF, 'dFF'));
  out.push(...ttProblems('ffn2', c.ffn2, c.dFF, 'dFF', c.dModel, 'dModel'));
  out.push(...ttProblems('intentPooler', c.intentPooler, c.dModel, 'dModel', c.dModel, 'dModel'));
  out.push(...ttProblems('slotPooler', c.slotPooler, c.dModel, 'dModel', c.dModel, 'dModel'));
  const e = c.embedding;
  const d = e.rowShape.length;
  if (!d || e.colShape.length !== d || !positiveInts([...e.rowShape, ...e.colShape]))
    out.push('embedding.rowShape and embedding.colShape must be lists of positive integers of one length');
  else {
    if (product(e.rowShape) < c.vocab)
      out.push(
        `embedding.rowShape [${e.rowShape}] multiplies to ${product(e.rowShape)} rows, fewer than vocab ${c.vocab}: make its product at least ${c.vocab}`,
      );
    if (product(e.colShape) !== c.dModel)
      out.push(
        `embedding.colShape [${e.colShape}] multiplies to ${product(e.colShape)}, but dModel is ${c.dModel}: make its product ${c.dModel}`,
      );
    if (e.ranks.length !== d + 1 || e.ranks[0] !== 1 || e.ranks[d] !== 1 || !positiveInts(e.ranks))
      out.push(
        `embedding.ranks [${e.ranks}] do not chain ${d} cores: give ${d + 1} positive integers starting and ending with 1`,
      );
  }
  return out;
}

function refuse(messages: string[]): never {
  const diags: Diagnostic[] = messages.map((message) => ({ code: 'TTF192', severity: 'error', message }));
  throw new CompileInputError(diags);
}

export function checkConfig(c: TransformerConfig): void {
  const p = configProblems(c);
  if (p.length) refuse(p.map((m) => `transformer config: ${m}`));
}

/** A sample's tokens: length 1..maxTokens, each a row of the token table. */
export function checkTokens(c: TransformerConfig, tokens: ArrayLike<number>): void {
  const T = tokens.length;
  if (T < 1) refuse(['sample length 0: a sample needs at least one token (the classification token)']);
  if (T > c.maxTokens)
    refuse([
      `sample length ${T} exceeds maxTokens ${c.maxTokens}: shorten the sample or raise maxTokens (the position table has ${c.maxTokens} rows)`,
    ]);
  const bad: string[] = [];
  for (let t = 0; t < T; t++) {
    const v = tokens[t]!;
    if (!Number.isInteger(v) || v < 0 || v >= c.vocab)
      bad.push(`token ${t} = ${v} is outside the table 0..${c.vocab - 1}`);
  }
  if (bad.length) refuse(bad);
}
