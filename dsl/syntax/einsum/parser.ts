// Chevrotain grammar of einsum specs:
//   spec     := operand (',' operand)* ('->' index*)? (';' binding (',' binding)*)?
//   operand  := index*            (an empty operand is a scalar)
//   binding  := index '=' integer (explicit dimension size)
// The parser keeps every index's position so semantic errors can point at the offending one.
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import { Arrow, Comma, einsumTokens, Equals, IndexName, Integer, Semicolon } from './lexer.js';

export interface IndexRef {
  name: string;
  line: number;
  column: number;
}
export interface SizeBinding {
  index: IndexRef;
  size: number;
  line: number;
  column: number;
}
export interface EinsumAst {
  operands: IndexRef[][];
  /** undefined when the spec has no '->' (implicit output). */
  output: IndexRef[] | undefined;
  bindings: SizeBinding[];
}

const ref = (t: IToken): IndexRef => ({ name: t.image, line: t.startLine ?? 1, column: t.startColumn ?? 1 });

class EinsumParser extends EmbeddedActionsParser {
  constructor() {
    super(einsumTokens, { recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  private indices = this.RULE('indices', (): IndexRef[] => {
    const out: IndexRef[] = [];
    this.MANY(() => {
      out.push(ref(this.CONSUME(IndexName)));
    });
    return out;
  });

  private binding = this.RULE('binding', (): SizeBinding => {
    const name = this.CONSUME(IndexName);
    this.CONSUME(Equals);
    const value = this.CONSUME(Integer);
    return { index: ref(name), size: Number(value.image), line: value.startLine ?? 1, column: value.startColumn ?? 1 };
  });

  spec = this.RULE('spec', (): EinsumAst => {
    const operands: IndexRef[][] = [this.SUBRULE(this.indices)];
    this.MANY(() => {
      this.CONSUME(Comma);
      operands.push(this.SUBRULE2(this.indices));
    });
    let output: IndexRef[] | undefined;
    this.OPTION(() => {
      this.CONSUME(Arrow);
      output = this.SUBRULE3(this.indices);
    });
    const bindings: SizeBinding[] = [];
    this.OPTION2(() => {
      this.CONSUME(Semicolon);
      bindings.push(this.SUBRULE(this.binding));
      this.MANY2(() => {
        this.CONSUME2(Comma);
        bindings.push(this.SUBRULE2(this.binding));
      });
    });
    return { operands, output, bindings };
  });
}

/** One shared instance: chevrotain parsers are built once and reset per input. */
export const einsumParser = new EinsumParser();
