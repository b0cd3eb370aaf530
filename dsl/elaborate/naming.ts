// Names for the generated Verilog: from the user's fields (reflection), from the variable a signal
// was assigned to on its source line, from `.named()`, and for temporaries from their operands.
import { readFileSync } from 'node:fs';
import { Signal } from '../signal.js';
import { Expr } from '../expr.js';
import { Module } from '../module.js';
import { Memory } from '../memory.js';
import type { SourceLoc } from '../source-loc.js';

const VERILOG_KEYWORDS = new Set(
  (
    'always and assign automatic begin buf bufif0 bufif1 case casex casez cell cmos config deassign default ' +
    'defparam design disable edge else end endcase endconfig endfunction endgenerate endmodule endprimitive ' +
    'endspecify endtable endtask event for force forever fork function generate genvar highz0 highz1 if ifnone ' +
    'incdir include initial inout input instance integer join large liblist library localparam macromodule ' +
    'medium module nand negedge nmos nor noshowcancelled not notif0 notif1 or output parameter pmos posedge ' +
    'primitive pull0 pull1 pulldown pullup pulsestyle_onevent pulsestyle_ondetect rcmos real realtime reg ' +
    'release repeat rnmos rpmos rtran rtranif0 rtranif1 scalared showcancelled signed small specify specparam ' +
    'strong0 strong1 supply0 supply1 table task time tran tranif0 tranif1 tri tri0 tri1 triand trior trireg ' +
    'unsigned use uwire vectored wait wand weak0 weak1 while wire wor xnor xor ' +
    // SystemVerilog words, so the output also reads as SystemVerilog
    'logic bit byte int shortint longint always_comb always_ff always_latch unique priority final ' +
    'interface modport program class package import export string type typedef enum struct union void ' +
    'break continue return do foreach const static local protected virtual extends ' +
    // the rest of IEEE 1800-2017's reserved words (library code names values such as `packed`)
    'accept_on alias assert assume before bind bins binsof chandle checker clocking constraint context cover ' +
    'covergroup coverpoint cross dist endchecker endclass endclocking endgroup endinterface endpackage ' +
    'endprogram endproperty endsequence eventually expect extern first_match forkjoin global iff ignore_bins ' +
    'illegal_bins implements implies inside interconnect intersect join_any join_none let matches nettype new ' +
    'nexttime null packed property pure rand randc randcase randsequence ref reject_on restrict s_always ' +
    's_eventually s_nexttime s_until s_until_with sequence shortreal soft solve strong super sync_accept_on ' +
    'sync_reject_on tagged this throughout timeprecision timeunit unique0 until until_with untyped var ' +
    'wait_order weak wildcard with within'
  ).split(' '),
);

const plainIdentifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A Verilog (or SystemVerilog) keyword, which sanitize() renames by appending `_`. */
export const isVerilogKeyword = (name: string): boolean => VERILOG_KEYWORDS.has(name);

/** Make any string a legal, readable Verilog identifier. */
export function sanitize(name: string): string {
  // Fast path for names that are already plain identifiers (nearly all of them, and one per cell).
  if (plainIdentifier.test(name) && !name.includes('__')) return VERILOG_KEYWORDS.has(name) ? `${name}_` : name;
  let s = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
  if (!s || /^[0-9]/.test(s)) s = `n_${s}`;
  if (s.length > 1 && s.endsWith('_') && !name.endsWith('_')) s = s.slice(0, -1);
  if (VERILOG_KEYWORDS.has(s)) s = `${s}_`;
  return s;
}

/**
 * Unique names within one module; the first claimant keeps a name, later ones get _1, _2, ...
 *
 * Only the names claimed as asked for are stored. A suffixed name `<base>_<i>` is known to be taken
 * from its base's counter: every suffix below it is taken. Two suffixed names never clash (the
 * number has no underscore, so the last underscore splits both at the same place), so the busy path
 * (a generated module of 170,000 temporaries asks for about 4,000 distinct names) neither hashes
 * nor stores the suffixed names it hands out.
 */
export class NameTable {
  /** Names claimed as asked for, each with the next suffix to try. */
  private readonly bases = new Map<string, number>();
  /** Per base, suffixes to skip: `<base>_<i>` was claimed as asked for (rare). */
  private readonly blocked = new Map<string, Set<number>>();

  has(name: string): boolean {
    return this.bases.has(name) || this.takenAsSuffixed(name);
  }

  claim(wanted: string): string {
    return this.claimClean(sanitize(wanted));
  }

  /** Like claim, for a name already made a legal identifier (temporaries' names are). */
  claimClean(base: string): string {
    let i = this.bases.get(base);
    if (i === undefined) {
      if (!this.takenAsSuffixed(base)) {
        this.bases.set(base, 1);
        const p = base.lastIndexOf('_');
        const n = p >= 0 ? suffixNumber(base, p) : 0;
        if (n > 0) {
          // asked for `<b>_<n>`: b must skip n
          const b = base.slice(0, p);
          const set = this.blocked.get(b);
          if (set) set.add(n);
          else this.blocked.set(b, new Set([n]));
        }
        return base;
      }
      i = 1; // already handed out with a suffix: it starts its own suffixes at 1
    }
    const skip = this.blocked.size > 0 ? this.blocked.get(base) : undefined;
    if (skip) while (skip.has(i)) i++;
    this.bases.set(base, i + 1);
    return `${base}_${i}`;
  }

  /** Whether `name` is `<base>_<i>` for a base that handed out suffix i (all below its counter). */
  private takenAsSuffixed(name: string): boolean {
    const p = name.lastIndexOf('_');
    if (p < 0) return false;
    const n = suffixNumber(name, p);
    if (n === 0) return false;
    const next = this.bases.get(name.slice(0, p));
    return next !== undefined && n < next;
  }
}

/** The number after the underscore at `p`, when it is one the table could have added (1, 2, ...), else 0. */
function suffixNumber(name: string, p: number): number {
  const len = name.length - p - 1;
  if (len < 1 || len > 9 || name.charCodeAt(p + 1) === 48) return 0; // none, too long, or a leading zero
  let n = 0;
  for (let k = p + 1; k < name.length; k++) {
    const c = name.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return 0;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Names signals, memories and child instances from the module's own fields, recursing into plain
 * objects and arrays (bundles and vectors). Explicit names win.
 */
export function nameFromFields(m: Module): void {
  const seen = new Set<unknown>();
  for (const [k, v] of Object.entries(m)) {
    if (
      k === 'parent' ||
      k === 'signals' ||
      k === 'children' ||
      k === 'memories' ||
      k === 'domains' ||
      k === 'scopeStack' ||
      k === 'params'
    )
      continue;
    visitRoot(m, seen, v, k);
  }
}

// Plain functions, not closures inside nameFromFields: it runs once per module instance.
function visitField(m: Module, seen: Set<unknown>, value: unknown, name: string, depth: number): void {
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > 6) return;
  seen.add(value);
  if (value instanceof Signal) {
    if (value.owner === m && !value.userName)
      value.userName =
        value.pendingSuffix && !name.endsWith(value.pendingSuffix) ? `${name}_${value.pendingSuffix}` : name;
    return;
  }
  if (value instanceof Expr) {
    if (!value.userName) value.userName = name;
    return;
  }
  if (value instanceof Memory) {
    if (!value.userName) value.userName = name;
    return;
  }
  if (value instanceof Module) {
    if (value.parent === m && !value.instanceName) value.instanceName = name;
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) visitField(m, seen, value[i], `${name}_${i}`, depth + 1);
    return;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) visitField(m, seen, v, `${name}_${k}`, depth + 1);
  }
}

/** A bundle's leaves already carry their path below the root: name the root, not each level. */
function visitRoot(m: Module, seen: Set<unknown>, value: unknown, name: string): void {
  if (
    value &&
    typeof value === 'object' &&
    !(value instanceof Expr) &&
    !(value instanceof Module) &&
    !(value instanceof Memory)
  ) {
    const leaves = bundleLeaves(value);
    if (leaves.length && leaves.every((s) => s.pendingSuffix !== undefined)) {
      for (const s of leaves) if (s.owner === m && !s.userName) s.userName = `${name}_${s.pendingSuffix}`;
      return;
    }
  }
  visitField(m, seen, value, name, 0);
}

function bundleLeaves(v: unknown, out: Signal[] = [], depth = 0): Signal[] {
  if (depth > 8 || v === null || typeof v !== 'object') return out;
  if (v instanceof Signal) {
    out.push(v);
    return out;
  }
  if (Array.isArray(v)) {
    for (const x of v) bundleLeaves(x, out, depth + 1);
    return out;
  }
  if (Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) bundleLeaves(x, out, depth + 1);
  return out;
}

const lineCache = new Map<string, string[] | null>();
const declRe = /(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:this\s*\.\s*)?([A-Za-z_$][\w$]*)/;

/**
 * The variable a value was assigned to, read from its source line: `const total = this.reg(...)`
 * names the register `total`. Only for lines that declare one variable from a DSL call.
 */
export function nameFromSourceLine(loc: SourceLoc | undefined): string | undefined {
  if (!loc) return undefined;
  const file = loc.path ?? loc.file;
  let lines = lineCache.get(file);
  if (lines === undefined) {
    try {
      lines = readFileSync(file, 'utf8').split('\n');
    } catch {
      lines = null;
    }
    lineCache.set(file, lines);
  }
  const line = lines?.[loc.line - 1];
  if (!line) return undefined;
  const m = declRe.exec(line);
  return m ? m[1] : undefined;
}

const opWords: Record<string, string> = {
  add: 'plus',
  sub: 'minus',
  mul: 'times',
  and: 'and',
  or: 'or',
  xor: 'xor',
  eq: 'eq',
  ne: 'ne',
  lt: 'lt',
  le: 'le',
  gt: 'gt',
  ge: 'ge',
  shl: 'shl',
  shr: 'shr',
};

const MAX_TEMP_NAME = 40;

/** A temporary's name from its operation and its operands' names, e.g. `count_plus_1`. */
export function tempName(op: string, first: string, second: string | undefined, extra?: string): string {
  const a = short(first);
  let n: string;
  switch (op) {
    case 'not':
      n = `not_${a}`;
      break;
    case 'neg':
      n = `neg_${a}`;
      break;
    case 'andr':
      n = `all_${a}`;
      break;
    case 'orr':
      n = `any_${a}`;
      break;
    case 'xorr':
      n = `parity_${a}`;
      break;
    case 'mux':
      n = `${a}_mux`;
      break;
    case 'slice':
      n = `${a}_${extra}`;
      break;
    case 'concat':
      n = second !== undefined ? `cat_${a}_${short(second)}` : `cat_${a}`;
      break;
    case 'zext':
      n = `${a}_zx`;
      break;
    case 'sext':
      n = `${a}_sx`;
      break;
    default:
      n = `${a}_${opWords[op] ?? op}_${short(second ?? '')}`;
  }
  // Operand names are identifiers already; only a leading digit (a constant) or a doubled
  // underscore needs the full clean-up.
  const c = n.charCodeAt(0);
  if ((c >= 48 && c <= 57) || n.includes('__')) n = sanitize(n);
  return n.length > MAX_TEMP_NAME ? n.slice(0, MAX_TEMP_NAME).replace(/_+$/, '') : n;
}

function short(s: string): string {
  return s.length > 16 ? s.slice(0, 16) : s;
}
