// Chevrotain grammar of Verilog module headers and of the declarations a non-ANSI body holds:
//   header    := ('module'|'macromodule') id ('#' '(' paramItem (',' paramItem)* ')')? portList? ';'
//   paramItem := ('parameter'|'localparam')? type* range? id '=' expr
//   portList  := '(' (portItem (',' portItem)*)? ')'        portItem := dir? type* range? id
//   portDecl  := dir type* range? id (',' id)* ';'          (non-ANSI body)
//   paramDecl := ('parameter'|'localparam') type* range? id '=' expr (',' id '=' expr)* ';'
//   range     := '[' expr ':' expr ']'
//   expr      := binary ('?' expr ':' expr)?               binary := unary (op unary)*
//   unary     := ('-'|'+'|'~'|'!'|'&'|'|'|'^')* primary
//   primary   := number | string | id | $name '(' args ')' | '(' expr ')'
// Binary operators are ordered by Verilog precedence in the action code, not in the grammar.
// Longer than our ~400-line norm on purpose: a chevrotain grammar is one parser class, its rules methods of it.
import { EmbeddedActionsParser, type IToken, type TokenType, type IParserErrorMessageProvider } from 'chevrotain';
import * as T from './lexer.js';
import type { ConstExpr, PackedRange, PortDir, Pos, VerilogParam, VerilogPort } from './ast.js';

const pos = (t: IToken): Pos => ({ line: t.startLine ?? 1, col: t.startColumn ?? 1 });
const label = (t: TokenType) => t.LABEL ?? t.name;

/** Messages in the project's words: "expected X, found 'y'". */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)}, found ${found(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `unexpected ${found(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) =>
    `expected ${firsts(expectedPathsPerAlt.flat())}, found ${found(actual[0]!)}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) =>
    `expected ${firsts(expectedIterationPaths)}, found ${found(actual[0]!)}`,
};

function found(t: IToken): string {
  return t.tokenType.name === 'EOF' ? 'end of input' : `'${t.image}'`;
}

function firsts(paths: TokenType[][]): string {
  const names = [...new Set(paths.map((p) => (p[0] ? label(p[0]) : 'end of input')))];
  return names.length > 1 ? `one of ${names.join(', ')}` : (names[0] ?? 'end of input');
}

/** Binding strength of binary operators (higher binds tighter), as in IEEE 1364 table 5-4. */
const precedence: Record<string, number> = {
  '**': 12,
  '*': 11,
  '/': 11,
  '%': 11,
  '+': 10,
  '-': 10,
  '<<': 9,
  '>>': 9,
  '<<<': 9,
  '>>>': 9,
  '<': 8,
  '<=': 8,
  '>': 8,
  '>=': 8,
  '==': 7,
  '!=': 7,
  '===': 7,
  '!==': 7,
  '&': 6,
  '^': 5,
  '~^': 5,
  '^~': 5,
  '|': 4,
  '&&': 3,
  '||': 2,
};

export interface HeaderParse {
  name: string;
  nameTok: IToken;
  params: VerilogParam[];
  ports: {
    dir: PortDir | undefined;
    signed: boolean;
    range: PackedRange | undefined;
    typeWidth: number | undefined;
    name: string;
    pos: Pos;
    bare: boolean;
  }[];
}

class VerilogHeaderParser extends EmbeddedActionsParser {
  constructor() {
    super(T.headerTokens, { recoveryEnabled: false, errorMessageProvider: messages, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  header = this.RULE('header', (): HeaderParse => {
    this.OR([{ ALT: () => this.CONSUME(T.Module) }, { ALT: () => this.CONSUME(T.Macromodule) }]);
    const nameTok = this.CONSUME(T.Identifier);
    const params: VerilogParam[] = [];
    this.OPTION(() => {
      this.CONSUME(T.Hash);
      this.CONSUME(T.LParen);
      let local = false;
      this.MANY_SEP({
        SEP: T.Comma,
        DEF: () => {
          const p = this.SUBRULE(this.paramItem);
          // A keyword applies to the names after it until the next keyword.
          if (p.keyword) local = p.keyword === 'localparam';
          params.push({ name: p.name, local, value: p.value, pos: p.pos });
        },
      });
      this.CONSUME(T.RParen);
    });
    const ports: HeaderParse['ports'] = [];
    this.OPTION2(() => {
      this.CONSUME2(T.LParen);
      this.MANY_SEP2({
        SEP: T.Comma,
        DEF: () => {
          ports.push(this.SUBRULE(this.portItem));
        },
      });
      this.CONSUME2(T.RParen);
    });
    this.CONSUME(T.Semi);
    return { name: nameTok.image, nameTok, params, ports };
  });

  private paramItem = this.RULE('paramItem', () => {
    let keyword: string | undefined;
    this.OPTION(() => {
      keyword = this.OR([{ ALT: () => this.CONSUME(T.Parameter) }, { ALT: () => this.CONSUME(T.Localparam) }]).image;
    });
    this.SUBRULE(this.typeWords);
    this.OPTION2(() => this.SUBRULE(this.range));
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE(this.expr);
    return { keyword, name: name.image, value, pos: pos(name) };
  });

  /** Net kinds, integer types and signedness, in any order. */
  private typeWords = this.RULE('typeWords', () => {
    let signed = false;
    let width: number | undefined;
    let any = false;
    this.MANY(() => {
      any = true;
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.NetKind);
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.IntType);
            width = this.ACTION(() => intTypeWidth(t.image));
            signed = true;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.RealType);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Signed);
            signed = true;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Unsigned);
            signed = false;
          },
        },
      ]);
    });
    return { signed, width, any };
  });

  private direction = this.RULE(
    'direction',
    (): PortDir =>
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Input);
            return 'input' as const;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Output);
            return 'output' as const;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Inout);
            return 'inout' as const;
          },
        },
      ]),
  );

  private portItem = this.RULE('portItem', () => {
    const dir = this.OPTION(() => this.SUBRULE(this.direction));
    const t = this.SUBRULE(this.typeWords);
    const range = this.OPTION2(() => this.SUBRULE(this.range));
    const name = this.CONSUME(T.Identifier);
    const bare = dir === undefined && !t.any && range === undefined;
    return {
      dir,
      signed: t.signed,
      range,
      typeWidth: range ? undefined : t.width,
      name: name.image,
      pos: pos(name),
      bare,
    };
  });

  portDecl = this.RULE('portDecl', (): VerilogPort[] => {
    const dir = this.SUBRULE(this.direction);
    const t = this.SUBRULE(this.typeWords);
    const range = this.OPTION(() => this.SUBRULE(this.range));
    const out: VerilogPort[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const name = this.CONSUME(T.Identifier);
        out.push({
          name: name.image,
          dir,
          signed: t.signed,
          range,
          typeWidth: range ? undefined : t.width,
          pos: pos(name),
        });
      },
    });
    this.CONSUME(T.Semi);
    return out;
  });

  paramDecl = this.RULE('paramDecl', (): VerilogParam[] => {
    const local =
      this.OR([{ ALT: () => this.CONSUME(T.Parameter) }, { ALT: () => this.CONSUME(T.Localparam) }]).image ===
      'localparam';
    this.SUBRULE(this.typeWords);
    this.OPTION(() => this.SUBRULE(this.range));
    const out: VerilogParam[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const name = this.CONSUME(T.Identifier);
        this.CONSUME(T.Equals);
        const value = this.SUBRULE(this.expr);
        out.push({ name: name.image, local, value, pos: pos(name) });
      },
    });
    this.CONSUME(T.Semi);
    return out;
  });

  private range = this.RULE('range', (): PackedRange => {
    this.CONSUME(T.LBracket);
    const msb = this.SUBRULE(this.expr);
    this.CONSUME(T.Colon);
    const lsb = this.SUBRULE2(this.expr);
    this.CONSUME(T.RBracket);
    return { msb, lsb };
  });

  private expr: () => ConstExpr = this.RULE('expr', (): ConstExpr => {
    const c = this.SUBRULE(this.binary);
    let out = c;
    this.OPTION(() => {
      this.CONSUME(T.Question);
      const t = this.SUBRULE(this.expr);
      this.CONSUME(T.Colon);
      const f = this.SUBRULE2(this.expr);
      out = { k: 'tern', c, t, f, pos: c.pos };
    });
    return out;
  });

  private binary = this.RULE('binary', (): ConstExpr => {
    const operands = [this.SUBRULE(this.unary)];
    const ops: IToken[] = [];
    this.MANY(() => {
      ops.push(this.CONSUME(T.BinaryOp));
      operands.push(this.SUBRULE2(this.unary));
    });
    return this.ACTION(() => climb(operands, ops));
  });

  private unary = this.RULE('unary', (): ConstExpr => {
    const prefix: IToken[] = [];
    this.MANY(() => {
      prefix.push(
        this.OR([
          { ALT: () => this.CONSUME(T.Minus) },
          { ALT: () => this.CONSUME(T.Plus) },
          { ALT: () => this.CONSUME(T.Tilde) },
          { ALT: () => this.CONSUME(T.Bang) },
          { ALT: () => this.CONSUME(T.Amp) },
          { ALT: () => this.CONSUME(T.Pipe) },
          { ALT: () => this.CONSUME(T.Caret) },
        ]),
      );
    });
    let e = this.SUBRULE(this.primary);
    for (let i = prefix.length - 1; i >= 0; i--) e = { k: 'un', op: prefix[i]!.image, a: e, pos: pos(prefix[i]!) };
    return e;
  });

  private primary = this.RULE(
    'primary',
    (): ConstExpr =>
      this.OR([
        {
          ALT: () => {
            const t = this.CONSUME(T.Decimal);
            return { k: 'num' as const, value: this.ACTION(() => BigInt(t.image.replace(/_/g, ''))), pos: pos(t) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.SizedNumber);
            return { k: 'num' as const, value: this.ACTION(() => sizedValue(t.image)), pos: pos(t) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.RealNumber);
            return { k: 'str' as const, value: t.image, pos: pos(t) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.StringLit);
            return { k: 'str' as const, value: t.image.slice(1, -1), pos: pos(t) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.Identifier);
            return { k: 'id' as const, name: t.image, pos: pos(t) };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.SystemName);
            this.CONSUME(T.LParen);
            const args: ConstExpr[] = [];
            this.MANY_SEP({
              SEP: T.Comma,
              DEF: () => {
                args.push(this.SUBRULE(this.expr));
              },
            });
            this.CONSUME(T.RParen);
            return { k: 'call' as const, fn: t.image, args, pos: pos(t) };
          },
        },
        {
          ALT: () => {
            this.CONSUME2(T.LParen);
            const e = this.SUBRULE2(this.expr);
            this.CONSUME2(T.RParen);
            return e;
          },
        },
      ]),
  );
}

/** Precedence climbing over operand0 op0 operand1 op1 ...; left-associative except '**'. */
function climb(operands: ConstExpr[], ops: IToken[]): ConstExpr {
  let k = 0; // next operand; the operator after operand j is ops[j]
  const parse = (minPrec: number): ConstExpr => {
    let lhs = operands[k++]!;
    while (k - 1 < ops.length) {
      const at = ops[k - 1]!;
      const p = precedence[at.image] ?? 1;
      if (p < minPrec) break;
      const rhs = parse(at.image === '**' ? p : p + 1);
      lhs = { k: 'bin', op: at.image, a: lhs, b: rhs, pos: pos(at) };
    }
    return lhs;
  };
  return parse(0);
}

/** Value of a based literal such as 8'hFF or 'd10 (x and z digits read as 0). */
function sizedValue(image: string): bigint {
  const m = /^(?:([0-9_]+)\s*)?'([sS]?)([bBoOdDhH])\s*([0-9a-fA-F_xXzZ?]+)$/.exec(image)!;
  const digits = m[4]!.replace(/_/g, '').replace(/[xXzZ?]/g, '0');
  const base = { b: 2, o: 8, d: 10, h: 16 }[m[3]!.toLowerCase() as 'b' | 'o' | 'd' | 'h'];
  let v = 0n;
  for (const ch of digits.toLowerCase()) v = v * BigInt(base) + BigInt(parseInt(ch, 16));
  if (m[1]) {
    const w = BigInt(m[1].replace(/_/g, ''));
    v &= (1n << w) - 1n;
    if (m[2] && w > 0n && (v >> (w - 1n)) & 1n) v -= 1n << w;
  }
  return v;
}

function intTypeWidth(word: string): number {
  return { integer: 32, int: 32, longint: 64, shortint: 16, byte: 8 }[word] ?? 32;
}

/** One shared instance: chevrotain parsers are built once and reset per input. */
export const headerParser = new VerilogHeaderParser();
