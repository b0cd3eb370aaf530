// Prints the Verilog AST: two-space indentation, one declaration per line, begin/end on every block,
// parentheses wherever precedence could surprise a reader. Pure: same AST, same bytes.
import { CPP_RESERVED_WORDS } from './cpp-words.js';
import type { VExpr, VItem, VModule, VStmt } from './verilog-ast.js';

const ranges: string[] = [];
/** `[w-1:0] ` (nothing for one bit), built once per width. */
function range(w: number): string {
  let r = ranges[w];
  if (r === undefined) ranges[w] = r = w > 1 ? `[${w - 1}:0] ` : '';
  return r;
}
/**
 * The printed lines. Every 4,096 lines are joined into one block as they come: a block is large
 * enough to be allocated outside the young generation, so the pieces of each line die young instead
 * of being copied by every scavenge until the end (for a module of 170,000 cells that copying was
 * about half of the printing time). The blocks joined with newlines are the lines joined with them.
 */
class Lines {
  private readonly blocks: string[] = [];
  private lines: string[] = [];
  /** The last line of the last block. */
  private blockEnd: string | undefined;
  /** The last line so far (undefined before any). */
  last: string | undefined;

  push(line: string): void {
    // A block never ends in a blank line, so trailing blanks are always still in `lines`.
    if (this.lines.length >= 4096 && this.last !== '') {
      this.blocks.push(this.lines.join('\n'));
      this.blockEnd = this.last;
      this.lines = [];
    }
    this.lines.push(line);
    this.last = line;
  }

  dropTrailingBlanks(): void {
    while (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    this.last = this.lines.length > 0 ? this.lines[this.lines.length - 1] : this.blockEnd;
  }

  text(): string {
    if (this.lines.length > 0) this.blocks.push(this.lines.join('\n'));
    this.lines = [];
    return this.blocks.join('\n');
  }
}

const attrText = (a: [string, string][]) =>
  a.length ? `(* ${a.map(([k, v]) => (/^[0-9]+$/.test(v) ? `${k} = ${v}` : `${k} = "${v}"`)).join(', ')} *) ` : '';

export function printExpr(e: VExpr, top = true): string {
  switch (e.k) {
    case 'id':
      return e.name;
    case 'lit':
      return e.text;
    case 'index':
      return e.hi === e.lo ? `${e.name}[${e.hi}]` : `${e.name}[${e.hi}:${e.lo}]`;
    case 'mem':
      return `${e.name}[${printExpr(e.index)}]`;
    case 'un':
      return `${e.op}${printExpr(e.a, false)}`;
    case 'bin': {
      const s = `${printExpr(e.a, false)} ${e.op} ${printExpr(e.b, false)}`;
      return top ? s : `(${s})`;
    }
    case 'tern': {
      const s = `${printExpr(e.c, false)} ? ${printExpr(e.t, false)} : ${printExpr(e.f, false)}`;
      return top ? s : `(${s})`;
    }
    case 'concat':
      return `{${e.parts.map((p) => printExpr(p)).join(', ')}}`;
    case 'repl':
      return `{${e.n}{${printExpr(e.a)}}}`;
    case 'call':
      return `${e.fn}(${e.args.map((a) => printExpr(a)).join(', ')})`;
  }
}

function printStmts(stmts: VStmt[], ind: string, out: Lines): void {
  for (const s of stmts) printStmt(s, ind, out);
}

function printStmt(s: VStmt, ind: string, out: Lines): void {
  switch (s.k) {
    case 'assign':
      out.push(
        `${ind}${printExpr(s.lhs)} ${s.blocking ? '=' : '<='} ${printExpr(s.rhs)};${s.comment ? ` // ${s.comment}` : ''}`,
      );
      return;
    case 'call':
      out.push(`${ind}${s.fn}(${s.args.map((a) => printExpr(a)).join(', ')});`);
      return;
    case 'if': {
      out.push(`${ind}if (${printExpr(s.cond)}) begin`);
      printStmts(s.then, `${ind}  `, out);
      let els = s.else;
      // else-if chains stay flat
      while (els.length === 1 && els[0]!.k === 'if') {
        const e = els[0] as Extract<VStmt, { k: 'if' }>;
        out.push(`${ind}end else if (${printExpr(e.cond)}) begin`);
        printStmts(e.then, `${ind}  `, out);
        els = e.else;
      }
      if (els.length) {
        out.push(`${ind}end else begin`);
        printStmts(els, `${ind}  `, out);
      }
      out.push(`${ind}end`);
      return;
    }
    case 'case':
      out.push(`${ind}case (${printExpr(s.sel)})`);
      for (const it of s.items) {
        out.push(`${ind}  ${it.labels.map((l) => printExpr(l)).join(', ')}: begin`);
        printStmts(it.body, `${ind}    `, out);
        out.push(`${ind}  end`);
      }
      out.push(`${ind}  default: begin`);
      printStmts(s.default, `${ind}    `, out);
      out.push(`${ind}  end`);
      out.push(`${ind}endcase`);
      return;
  }
}

/** Verilog-2005 (the default) or SystemVerilog spellings of the same module. */
export interface PrintOptions {
  systemVerilog?: boolean;
}

function printItem(it: VItem, out: Lines, sv: boolean): void {
  const ind = '  ';
  switch (it.k) {
    case 'comment':
      out.push(`${ind}// ${it.text}`);
      return;
    case 'blank':
      if (out.last !== '') out.push('');
      return;
    case 'localparam':
      out.push(`${ind}localparam ${range(it.width)}${it.name} = ${printExpr(it.value)};`);
      return;
    case 'decl': {
      const arr = it.array !== undefined ? ` [0:${it.array - 1}]` : '';
      const init = it.init ? ` = ${printExpr(it.init)}` : '';
      const kind = sv && !(it.kind === 'wire' && it.init) ? 'logic' : it.kind; // a wire's declaration assignment is continuous; keep it a wire
      out.push(
        `${ind}${attrText(it.attrs)}${kind} ${range(it.width)}${it.name}${arr}${init};${it.comment ? ` // ${it.comment}` : ''}`,
      );
      return;
    }
    case 'assign':
      out.push(`${ind}assign ${printExpr(it.lhs)} = ${printExpr(it.rhs)};${it.comment ? ` // ${it.comment}` : ''}`);
      return;
    case 'always': {
      const edges = it.sens.k === 'edges' ? `@(${it.sens.edges.map((e) => `${e.edge} ${e.signal}`).join(' or ')})` : '';
      const head =
        it.sens.k === 'comb' ? (sv ? 'always_comb' : 'always @*') : `${sv ? 'always_ff' : 'always'} ${edges}`;
      out.push(`${ind}${head} begin`);
      printStmts(it.body, `${ind}  `, out);
      out.push(`${ind}end`);
      return;
    }
    case 'initial':
      out.push(`${ind}initial ${it.delay !== undefined ? `#${it.delay} ` : ''}begin`);
      printStmts(it.body, `${ind}  `, out);
      out.push(`${ind}end`);
      return;
    case 'instance': {
      if (it.comment) out.push(`${ind}// ${it.comment}`);
      const params = it.params.length
        ? ` #(\n${it.params.map(([k, v]) => `${ind}  .${k}(${printExpr(v)})`).join(',\n')}\n${ind})`
        : '';
      out.push(`${ind}${it.module}${params} ${it.name} (`);
      it.conns.forEach(([p, e], i) => out.push(`${ind}  .${p}(${printExpr(e)})${i < it.conns.length - 1 ? ',' : ''}`));
      out.push(`${ind});`);
      return;
    }
  }
}

export function printModule(m: VModule, opts: PrintOptions = {}): string {
  const sv = opts.systemVerilog ?? false;
  const out = new Lines();
  for (const h of m.header) out.push(`// ${h}`);
  const w = Math.max(0, ...m.ports.map((p) => range(p.width).length));
  if (m.ports.length === 0) out.push(`module ${m.name};`);
  else {
    // A port named after a C++ word (Vitis' `interrupt`) is legal Verilog; waive Verilator's warning for it.
    const cppWords = m.ports.some((p) => CPP_RESERVED_WORDS.has(p.name));
    if (cppWords) out.push('/* verilator lint_off SYMRSVDWORD */');
    out.push(`module ${m.name} (`);
    m.ports.forEach((p, i) => {
      const dir = p.dir === 'input' ? 'input ' : 'output';
      const kind = sv ? 'logic' : p.kind.padEnd(4);
      out.push(
        `  ${attrText(p.attrs)}${dir} ${kind} ${range(p.width).padEnd(w)}${p.name}${i < m.ports.length - 1 ? ',' : ''}`,
      );
    });
    out.push(');');
    if (cppWords) out.push('/* verilator lint_on SYMRSVDWORD */');
  }
  for (const it of m.items) printItem(it, out, sv);
  out.dropTrailingBlanks();
  out.push('endmodule');
  out.push('');
  return out.text();
}
