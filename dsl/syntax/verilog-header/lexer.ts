// Tokens of Verilog source, enough to read module headers and step over module bodies: comments,
// attributes and compiler directives are skipped, and any other character becomes an `Other` token
// so that bodies never stop the lexer.
import { createToken, Lexer, type TokenType } from 'chevrotain';

const skipped = (name: string, pattern: RegExp) =>
  createToken({ name, pattern, group: Lexer.SKIPPED, line_breaks: true });

export const WhiteSpace = skipped('WhiteSpace', /\s+/);
export const LineComment = skipped('LineComment', /\/\/[^\n]*/);
export const BlockComment = skipped('BlockComment', /\/\*[\s\S]*?\*\//);
// `(* keep *)` attributes; `@(*)` is not one.
export const Attribute = skipped('Attribute', /\(\*(?!\))[\s\S]*?\*\)/);
// `timescale, `include, `define ... : one line each.
export const Directive = skipped('Directive', /`[A-Za-z_]\w*[^\n]*/);

export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_$]*/,
  label: 'an identifier',
});
const keyword = (word: string) =>
  createToken({ name: `Kw_${word}`, pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });

export const Module = keyword('module');
export const Macromodule = keyword('macromodule');
export const Endmodule = keyword('endmodule');
export const Input = keyword('input');
export const Output = keyword('output');
export const Inout = keyword('inout');
export const Parameter = keyword('parameter');
export const Localparam = keyword('localparam');
export const Signed = keyword('signed');
export const Unsigned = keyword('unsigned');
export const Function = keyword('function');
export const Endfunction = keyword('endfunction');
export const Task = keyword('task');
export const Endtask = keyword('endtask');
/** Net and variable kinds a port or parameter may name: they do not change the width we read. */
export const NetKind = createToken({
  name: 'NetKind',
  pattern: /(?:wire|reg|logic|tri0|tri1|tri|wand|wor|uwire|var|supply0|supply1|bit)/,
  longer_alt: Identifier,
  label: 'a net type',
});
/** Parameter types with a fixed width. */
export const IntType = createToken({
  name: 'IntType',
  pattern: /(?:integer|int|longint|shortint|byte)/,
  longer_alt: Identifier,
  label: 'an integer type',
});
export const RealType = createToken({
  name: 'RealType',
  pattern: /(?:realtime|real|time|string)/,
  longer_alt: Identifier,
  label: 'a parameter type',
});

export const SizedNumber = createToken({
  name: 'SizedNumber',
  pattern: /(?:[0-9][0-9_]*\s*)?'[sS]?[bBoOdDhH]\s*[0-9a-fA-F_xXzZ?]+/,
  label: 'a number',
});
export const RealNumber = createToken({
  name: 'RealNumber',
  pattern: /[0-9][0-9_]*\.[0-9_]+(?:[eE][+-]?[0-9]+)?/,
  label: 'a number',
});
export const Decimal = createToken({ name: 'Decimal', pattern: /[0-9][0-9_]*/, label: 'a number' });
export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n]|\\.)*"/, label: 'a string' });
export const SystemName = createToken({
  name: 'SystemName',
  pattern: /\$[A-Za-z_][A-Za-z0-9_$]*/,
  label: 'a system function',
});

const punct = (name: string, pattern: RegExp, label: string, categories?: TokenType[]) =>
  createToken({ name, pattern, label: `'${label}'`, ...(categories ? { categories } : {}) });

export const LParen = punct('LParen', /\(/, '(');
export const RParen = punct('RParen', /\)/, ')');
export const LBracket = punct('LBracket', /\[/, '[');
export const RBracket = punct('RBracket', /\]/, ']');
export const Hash = punct('Hash', /#/, '#');
export const Comma = punct('Comma', /,/, ',');
export const Semi = punct('Semi', /;/, ';');
export const Colon = punct('Colon', /:/, ':');
export const Question = punct('Question', /\?/, '?');

/** Every binary operator; the parser orders them by precedence itself. */
export const BinaryOp = createToken({ name: 'BinaryOp', pattern: Lexer.NA, label: 'an operator' });
const op = (name: string, pattern: RegExp, label: string, extra: TokenType[] = []) =>
  punct(name, pattern, label, [BinaryOp, ...extra]);
export const Power = op('Power', /\*\*/, '**');
export const ShiftLeftA = op('ShiftLeftA', /<<</, '<<<');
export const ShiftRightA = op('ShiftRightA', />>>/, '>>>');
export const ShiftLeft = op('ShiftLeft', /<</, '<<');
export const ShiftRight = op('ShiftRight', />>/, '>>');
export const CaseEq = op('CaseEq', /===/, '===');
export const CaseNe = op('CaseNe', /!==/, '!==');
export const Eq = op('Eq', /==/, '==');
export const Ne = op('Ne', /!=/, '!=');
export const Le = op('Le', /<=/, '<=');
export const Ge = op('Ge', />=/, '>=');
export const LogAnd = op('LogAnd', /&&/, '&&');
export const LogOr = op('LogOr', /\|\|/, '||');
export const Xnor = op('Xnor', /~\^|\^~/, '~^');
export const Lt = op('Lt', /</, '<');
export const Gt = op('Gt', />/, '>');
export const Plus = op('Plus', /\+/, '+');
export const Minus = op('Minus', /-/, '-');
export const Star = op('Star', /\*/, '*');
export const Slash = op('Slash', /\//, '/');
export const Percent = op('Percent', /%/, '%');
export const Amp = op('Amp', /&/, '&');
export const Pipe = op('Pipe', /\|/, '|');
export const Caret = op('Caret', /\^/, '^');
export const Tilde = punct('Tilde', /~/, '~');
export const Bang = punct('Bang', /!/, '!');
export const Equals = punct('Equals', /=/, '=');
/** Anything else a module body may contain (`@`, `.`, `{`, ...). */
export const Other = createToken({ name: 'Other', pattern: /[^\s]/, label: 'a character' });

export const headerTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  Attribute,
  Directive,
  Module,
  Macromodule,
  Endmodule,
  Input,
  Output,
  Inout,
  Parameter,
  Localparam,
  Signed,
  Unsigned,
  Function,
  Endfunction,
  Task,
  Endtask,
  NetKind,
  IntType,
  RealType,
  Identifier,
  SizedNumber,
  RealNumber,
  Decimal,
  StringLit,
  SystemName,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Hash,
  Comma,
  Semi,
  Colon,
  Question,
  BinaryOp,
  Power,
  ShiftLeftA,
  ShiftRightA,
  ShiftLeft,
  ShiftRight,
  CaseEq,
  CaseNe,
  Eq,
  Ne,
  Le,
  Ge,
  LogAnd,
  LogOr,
  Xnor,
  Lt,
  Gt,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Amp,
  Pipe,
  Caret,
  Tilde,
  Bang,
  Equals,
  Other,
];

export const headerLexer = new Lexer(headerTokens, { positionTracking: 'full', ensureOptimizations: false });
