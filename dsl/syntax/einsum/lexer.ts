// Tokens of einsum contraction specs such as "bk,kn->bn" or "t i1 i2, i1 r1 -> t r1; t = 32".
// An index name is one letter optionally followed by digits, so "bk" is two indices and "i1i2" is i1, i2.
import { createToken, Lexer } from 'chevrotain';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
export const Arrow = createToken({ name: 'Arrow', pattern: /->/, label: "'->'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const IndexName = createToken({
  name: 'IndexName',
  pattern: /[A-Za-z][0-9]*/,
  label: 'an index name (a letter, optional digits)',
});
export const Integer = createToken({ name: 'Integer', pattern: /[0-9]+/, label: 'a positive integer' });

export const einsumTokens = [WhiteSpace, Arrow, Comma, Semicolon, Equals, IndexName, Integer];
export const einsumLexer = new Lexer(einsumTokens, { positionTracking: 'full', ensureOptimizations: false });
