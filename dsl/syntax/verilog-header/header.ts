// Reads the module headers of a Verilog file: parameters with defaults and ports with packed widths
// given by constant expressions over the parameters. ANSI port lists and non-ANSI bodies
// (`input [W-1:0] a;`) both work; the rest of a body is stepped over statement by statement.
// Problems are TTF150 diagnostics with the file, line and column, and what was expected.
import type { IToken } from 'chevrotain';
import { DiagnosticError } from '../../diagnostics.js';
import * as T from './lexer.js';
import { headerParser } from './parser.js';
import type { Pos, VerilogModuleHeader, VerilogParam, VerilogPort } from './ast.js';

export interface HeaderParseOptions {
  /** File name for messages (default '<verilog>'). */
  source?: string;
}

export function syntaxError(source: string, message: string, at: Pos): never {
  throw new DiagnosticError([
    { code: 'TTF150', severity: 'error', message, loc: { file: source, line: at.line, col: at.col } },
  ]);
}

const posOf = (t: IToken): Pos => ({ line: t.startLine ?? 1, col: t.startColumn ?? 1 });
const after = (t: IToken): Pos => ({ line: t.endLine ?? 1, col: (t.endColumn ?? 0) + 1 });

/** Every module header in `text`, in file order. */
export function parseVerilogHeaders(text: string, opts: HeaderParseOptions = {}): VerilogModuleHeader[] {
  const source = opts.source ?? '<verilog>';
  const lexed = T.headerLexer.tokenize(text);
  if (lexed.errors.length) {
    const e = lexed.errors[0]!;
    syntaxError(source, `unexpected character '${text.slice(e.offset, e.offset + e.length)}'`, {
      line: e.line ?? 1,
      col: e.column ?? 1,
    });
  }
  const toks = lexed.tokens;
  const out: VerilogModuleHeader[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    if (t.tokenType !== T.Module && t.tokenType !== T.Macromodule) {
      syntaxError(source, `expected 'module', found '${t.image}'`, posOf(t));
    }
    const headEnd = headerEnd(toks, i);
    const h = runRule(source, toks.slice(i, headEnd + 1), toks[headEnd]!, () => headerParser.header());
    const ansi = h.ports.length > 0 && h.ports[0]!.dir !== undefined;
    const hasParamList = h.params.length > 0;
    const params: VerilogParam[] = [...h.params];
    const ports: VerilogPort[] = [];
    const portNames = new Map<string, number>();
    if (ansi) {
      // A bare name repeats the previous port's declaration; a name with a type keeps only the direction.
      let prev: VerilogPort | undefined;
      for (const p of h.ports) {
        const port: VerilogPort =
          p.bare && prev
            ? { ...prev, name: p.name, pos: p.pos }
            : {
                name: p.name,
                dir: p.dir ?? prev!.dir,
                signed: p.signed,
                range: p.range,
                typeWidth: p.typeWidth,
                pos: p.pos,
              };
        ports.push(port);
        prev = port;
      }
    } else {
      h.ports.forEach((p, k) => {
        if (!p.bare)
          syntaxError(source, `port '${p.name}' has a type but no direction: write input/output before it`, p.pos);
        portNames.set(p.name, k);
      });
    }
    // The body: declarations are parsed, everything else skipped.
    const declared: VerilogPort[] = [];
    let j = headEnd + 1;
    for (;;) {
      if (j >= toks.length)
        syntaxError(
          source,
          `expected 'endmodule' to close module ${h.name}, found end of input`,
          after(toks[toks.length - 1]!),
        );
      const first = toks[j]!;
      if (first.tokenType === T.Endmodule) {
        j++;
        break;
      }
      if (first.tokenType === T.Module || first.tokenType === T.Macromodule) {
        syntaxError(source, `expected 'endmodule' to close module ${h.name} before the next 'module'`, posOf(first));
      }
      if (first.tokenType === T.Identifier && blockWords.has(first.image)) {
        // `end`, `else`, ... glue onto the next statement; step over them (and a `: label`).
        j++;
        if (toks[j]?.tokenType === T.Colon && toks[j + 1]?.tokenType === T.Identifier) j += 2;
        continue;
      }
      if (first.tokenType === T.Function || first.tokenType === T.Task) {
        const end = first.tokenType === T.Function ? T.Endfunction : T.Endtask;
        while (j < toks.length && toks[j]!.tokenType !== end) j++;
        j++;
        continue;
      }
      const isPort = first.tokenType === T.Input || first.tokenType === T.Output || first.tokenType === T.Inout;
      const isParam = first.tokenType === T.Parameter || first.tokenType === T.Localparam;
      const end = statementEnd(toks, j);
      if (end < 0)
        syntaxError(
          source,
          `expected ';' in the body of module ${h.name}, found end of input`,
          after(toks[toks.length - 1]!),
        );
      if (isPort || isParam) {
        const stmt = toks.slice(j, end + 1);
        if (isPort) {
          if (ansi)
            syntaxError(
              source,
              `module ${h.name} declares its ports in the header; a port declaration in the body is not allowed`,
              posOf(first),
            );
          declared.push(...runRule(source, stmt, toks[end]!, () => headerParser.portDecl()));
        } else {
          // With a #(...) list, body parameters are local (IEEE 1364-2005 12.2).
          const ps = runRule(source, stmt, toks[end]!, () => headerParser.paramDecl());
          params.push(...ps.map((p) => (hasParamList ? { ...p, local: true } : p)));
        }
      }
      j = end + 1;
    }
    if (!ansi) {
      const byName = new Map(declared.map((p) => [p.name, p]));
      for (const p of declared) {
        if (!portNames.has(p.name))
          syntaxError(
            source,
            `'${p.name}' is declared ${p.dir} but is not in the port list of module ${h.name}`,
            p.pos,
          );
      }
      for (const p of h.ports) {
        const d = byName.get(p.name);
        if (!d) syntaxError(source, `port '${p.name}' of module ${h.name} has no input/output declaration`, p.pos);
        ports.push(d);
      }
    }
    const seen = new Set<string>();
    for (const p of [...params, ...ports]) {
      if (seen.has(p.name)) syntaxError(source, `'${p.name}' is declared twice in module ${h.name}`, p.pos);
      seen.add(p.name);
    }
    out.push({ name: h.name, params, ports, ansi, pos: posOf(h.nameTok), source });
    i = j;
  }
  return out;
}

/** The module named `name` in `text`, or the only module when `name` is omitted. */
export function parseVerilogHeader(text: string, name?: string, opts: HeaderParseOptions = {}): VerilogModuleHeader {
  const all = parseVerilogHeaders(text, opts);
  const source = opts.source ?? '<verilog>';
  if (name === undefined) {
    if (all.length !== 1)
      syntaxError(
        source,
        `expected one module, found ${all.length} (${all.map((m) => m.name).join(', ')}): name the one to use`,
        { line: 1, col: 1 },
      );
    return all[0]!;
  }
  const m = all.find((x) => x.name === name);
  if (!m)
    syntaxError(source, `no module '${name}' here (found ${all.map((x) => x.name).join(', ') || 'none'})`, {
      line: 1,
      col: 1,
    });
  return m;
}

/** Words that open or close blocks without a ';' of their own. */
const blockWords = new Set([
  'begin',
  'end',
  'else',
  'endcase',
  'generate',
  'endgenerate',
  'fork',
  'join',
  'join_any',
  'join_none',
  'endspecify',
  'specify',
]);

/**
 * Index of the ';' closing a module header (paren depth 0); else of the 'endmodule' or the last
 * token, so that the parser reports what it found instead of the ';'.
 */
function headerEnd(toks: IToken[], from: number): number {
  let depth = 0;
  for (let k = from; k < toks.length; k++) {
    const t = toks[k]!.tokenType;
    if (t === T.LParen) depth++;
    else if (t === T.RParen) depth--;
    else if (t === T.Semi && depth <= 0) return k;
    else if (t === T.Endmodule) return k;
  }
  return toks.length - 1;
}

/** Index of the ';' ending the statement at `from` (outside parentheses), or -1. */
function statementEnd(toks: IToken[], from: number): number {
  let depth = 0;
  for (let k = from; k < toks.length; k++) {
    const t = toks[k]!.tokenType;
    if (t === T.LParen) depth++;
    else if (t === T.RParen) depth--;
    else if (t === T.Semi && depth <= 0) return k;
    else if (t === T.Endmodule && k > from) return k - 1 >= from ? k - 1 : -1;
  }
  return -1;
}

function runRule<R>(source: string, tokens: IToken[], last: IToken, rule: () => R): R {
  headerParser.input = tokens;
  const r = rule();
  const e = headerParser.errors[0];
  if (e) {
    const atEnd = e.token.tokenType.name === 'EOF';
    syntaxError(source, e.message, atEnd ? after(last) : posOf(e.token));
  }
  return r;
}
