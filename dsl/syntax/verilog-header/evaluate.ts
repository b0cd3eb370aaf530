// Evaluates the constant expressions of a Verilog header: parameter values (defaults or overrides)
// and the widths of ports, e.g. [WIDTH-1:0] or [2*N:0]. Integer arithmetic on bigints, as Verilog's
// 32-bit-or-wider integer parameters do for the sizes found in headers.
import type { ConstExpr, VerilogModuleHeader, VerilogPort } from './ast.js';
import { syntaxError } from './header.js';

export type ParamOverride = bigint | number | boolean | string;

export interface ResolvedPort {
  name: string;
  dir: VerilogPort['dir'];
  width: number;
  signed: boolean;
}

export interface ResolvedHeader {
  name: string;
  /** Every parameter's value after overrides, in declaration order. */
  params: Map<string, bigint | string>;
  ports: ResolvedPort[];
}

/** Parameter values and port widths of `h` with the given parameter overrides. */
export function resolveHeader(
  h: VerilogModuleHeader,
  overrides: Readonly<Record<string, ParamOverride>> = {},
): ResolvedHeader {
  const env = new Map<string, bigint | string>();
  const known = new Set(h.params.map((p) => p.name));
  for (const k of Object.keys(overrides)) {
    if (!known.has(k))
      syntaxError(h.source, `module ${h.name} has no parameter '${k}' (has ${[...known].join(', ') || 'none'})`, h.pos);
  }
  for (const p of h.params) {
    const o = overrides[p.name];
    if (o !== undefined) {
      if (p.local)
        syntaxError(h.source, `parameter '${p.name}' of module ${h.name} is local and cannot be overridden`, p.pos);
      env.set(p.name, typeof o === 'string' ? o : typeof o === 'boolean' ? (o ? 1n : 0n) : BigInt(o));
    } else {
      env.set(p.name, evalConst(p.value, env, h.source));
    }
  }
  const ports = h.ports.map((p): ResolvedPort => {
    let width = p.typeWidth ?? 1;
    if (p.range) {
      const msb = asInt(evalConst(p.range.msb, env, h.source), p.range.msb, h.source);
      const lsb = asInt(evalConst(p.range.lsb, env, h.source), p.range.lsb, h.source);
      const w = (msb > lsb ? msb - lsb : lsb - msb) + 1n;
      if (w > 65536n) syntaxError(h.source, `port '${p.name}' would be ${w} bits wide`, p.pos);
      width = Number(w);
    }
    return { name: p.name, dir: p.dir, width, signed: p.signed };
  });
  return { name: h.name, params: env, ports };
}

function asInt(v: bigint | string, e: ConstExpr, source: string): bigint {
  if (typeof v === 'string') syntaxError(source, `expected an integer expression, found the string "${v}"`, e.pos);
  return v;
}

const b = (x: boolean) => (x ? 1n : 0n);

/** Value of a constant expression; identifiers must be parameters declared before. */
export function evalConst(e: ConstExpr, env: ReadonlyMap<string, bigint | string>, source: string): bigint | string {
  switch (e.k) {
    case 'num':
      return e.value;
    case 'str':
      return e.value;
    case 'id': {
      const v = env.get(e.name);
      if (v === undefined) syntaxError(source, `'${e.name}' is not a parameter declared before this point`, e.pos);
      return v;
    }
    case 'tern':
      return asInt(evalConst(e.c, env, source), e.c, source) !== 0n
        ? evalConst(e.t, env, source)
        : evalConst(e.f, env, source);
    case 'call': {
      const args = e.args.map((a) => asInt(evalConst(a, env, source), a, source));
      if (e.fn === '$clog2' && args.length === 1) {
        let r = 0n;
        while (1n << r < args[0]!) r++;
        return r;
      }
      return syntaxError(
        source,
        `${e.fn}(${args.length} argument(s)) is not a constant function this reader knows; expected $clog2(x)`,
        e.pos,
      );
    }
    case 'un': {
      const a = asInt(evalConst(e.a, env, source), e.a, source);
      switch (e.op) {
        case '-':
          return -a;
        case '+':
          return a;
        case '~':
          return ~a;
        case '!':
          return b(a === 0n);
        case '|':
          return b(a !== 0n);
        default:
          return syntaxError(source, `unary '${e.op}' is not supported in a constant expression`, e.pos);
      }
    }
    case 'bin': {
      const x = asInt(evalConst(e.a, env, source), e.a, source);
      const y = asInt(evalConst(e.b, env, source), e.b, source);
      switch (e.op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          if (y === 0n) syntaxError(source, 'division by zero in a constant expression', e.pos);
          return x / y;
        case '%':
          if (y === 0n) syntaxError(source, 'division by zero in a constant expression', e.pos);
          return x % y;
        case '**':
          if (y < 0n) syntaxError(source, 'negative exponent in a constant expression', e.pos);
          return x ** y;
        case '<<':
        case '<<<':
          return x << y;
        case '>>':
        case '>>>':
          return x >> y;
        case '<':
          return b(x < y);
        case '<=':
          return b(x <= y);
        case '>':
          return b(x > y);
        case '>=':
          return b(x >= y);
        case '==':
        case '===':
          return b(x === y);
        case '!=':
        case '!==':
          return b(x !== y);
        case '&':
          return x & y;
        case '|':
          return x | y;
        case '^':
          return x ^ y;
        case '~^':
        case '^~':
          return ~(x ^ y);
        case '&&':
          return b(x !== 0n && y !== 0n);
        case '||':
          return b(x !== 0n || y !== 0n);
        default:
          syntaxError(source, `operator '${e.op}' is not supported in a constant expression`, e.pos);
      }
    }
  }
}
