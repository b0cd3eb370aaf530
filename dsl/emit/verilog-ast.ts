// A small Verilog AST: enough for what ttforge emits, and the only input of the printer.

export type VExpr =
  | { k: 'id'; name: string }
  | { k: 'lit'; text: string }
  | { k: 'index'; name: string; hi: number; lo: number }
  | { k: 'mem'; name: string; index: VExpr }
  | { k: 'un'; op: '~' | '-' | '&' | '|' | '^' | '!'; a: VExpr }
  | { k: 'bin'; op: string; a: VExpr; b: VExpr }
  | { k: 'tern'; c: VExpr; t: VExpr; f: VExpr }
  | { k: 'concat'; parts: VExpr[] }
  | { k: 'repl'; n: number; a: VExpr }
  | { k: 'call'; fn: string; args: VExpr[] };

export type VStmt =
  | { k: 'assign'; blocking: boolean; lhs: VExpr; rhs: VExpr; comment?: string | undefined }
  | { k: 'if'; cond: VExpr; then: VStmt[]; else: VStmt[] }
  | { k: 'case'; sel: VExpr; items: { labels: VExpr[]; body: VStmt[] }[]; default: VStmt[] }
  | { k: 'call'; fn: string; args: VExpr[] };

export type VSensitivity = { k: 'comb' } | { k: 'edges'; edges: { edge: 'posedge' | 'negedge'; signal: string }[] };

export type VItem =
  | { k: 'comment'; text: string }
  | { k: 'blank' }
  | { k: 'localparam'; name: string; width: number; value: VExpr }
  | {
      k: 'decl';
      kind: 'wire' | 'reg';
      name: string;
      width: number;
      array?: number | undefined;
      init?: VExpr | undefined;
      attrs: [string, string][];
      comment?: string | undefined;
    }
  | { k: 'assign'; lhs: VExpr; rhs: VExpr; comment?: string | undefined }
  | { k: 'always'; sens: VSensitivity; body: VStmt[] }
  /** `delay`: `initial #delay begin ... end` (simulation-only text, e.g. the Icarus kick). */
  | { k: 'initial'; body: VStmt[]; delay?: number | undefined }
  | {
      k: 'instance';
      module: string;
      name: string;
      params: [string, VExpr][];
      conns: [string, VExpr][];
      comment?: string | undefined;
    };

export interface VPort {
  dir: 'input' | 'output';
  kind: 'wire' | 'reg';
  name: string;
  width: number;
  attrs: [string, string][];
}

export interface VModule {
  header: string[];
  name: string;
  ports: VPort[];
  items: VItem[];
}

export const id = (name: string): VExpr => ({ k: 'id', name });
export const lit = (text: string): VExpr => ({ k: 'lit', text });
