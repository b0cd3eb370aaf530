// The FSM builder: encodings and their Vivado attribute, transitions and entry actions, and a UART
// transmitter built with it, simulated in Icarus in all three encodings and decoded bit by bit.
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { Module, UInt, Bool, Vec, when, elaborate, emitVerilog } from '../../dsl/index.js';
import { Fsm } from '../../dsl/fsm.js';
import type { EnumEncoding } from '../../dsl/types.js';
import { UartTx } from '../../designs/examples/uart-tx.js';
import { iverilogCompile, requireTool, scratchDir, vvp, writeFiles } from '../support/tools.js';
import { diagnose, markerLine, reportedPath } from '../support/diagnostics.js';

const here = import.meta.url;
const file = reportedPath(here);

class Walker extends Module {
  readonly go = this.input(Bool());
  readonly where = this.output(UInt(2));
  fsm: Fsm<'A' | 'B' | 'C' | 'D'>;
  constructor(readonly encoding: EnumEncoding) {
    super({ encoding });
    const fsm = new Fsm(this, 'Walk', ['A', 'B', 'C', 'D'], { encoding, initial: 'B' });
    this.fsm = fsm;
    fsm
      .on('A', () => when(this.go, () => fsm.goto('B')))
      .on('B', () => when(this.go, () => fsm.goto('C')))
      .on('C', () => when(this.go, () => fsm.goto('D')))
      .on('D', () => when(this.go, () => fsm.goto('A')))
      .build();
    this.where.set(fsm.is('A').or(fsm.is('C')).zext(2));
  }
}

const verilogOf = (m: Module) => emitVerilog(elaborate(m)).files[0]!.text;

describe('dsl FSM builder', () => {
  it('binary, onehot and gray encodings: state codes, width and the Vivado attribute', () => {
    const cases: [EnumEncoding, string, string[]][] = [
      ['binary', 'sequential', ["WALK_A = 2'd0", "WALK_B = 2'd1", "WALK_C = 2'd2", "WALK_D = 2'd3"]],
      ['onehot', 'one_hot', ["WALK_A = 4'd1", "WALK_B = 4'd2", "WALK_C = 4'd4", "WALK_D = 4'd8"]],
      ['gray', 'gray', ["WALK_A = 2'd0", "WALK_B = 2'd1", "WALK_C = 2'd3", "WALK_D = 2'd2"]],
    ];
    for (const [enc, attr, params] of cases) {
      const text = verilogOf(new Walker(enc));
      for (const p of params)
        assert.ok(text.includes(`localparam [${enc === 'onehot' ? 3 : 1}:0] ${p};`), `${enc}: ${p}\n${text}`);
      assert.match(
        text,
        new RegExp(`\\(\\* fsm_encoding = "${attr}" \\*\\) reg \\[${enc === 'onehot' ? 3 : 1}:0\\] walk_state;`),
      );
      // Reset goes to the initial state B, by name.
      assert.match(text, /if \(rst\) begin\n\s+walk_state <= WALK_B;/);
      // One case item per state, in declaration order; a default only where codes can be illegal.
      const items = [...text.matchAll(/^ {8}(WALK_[A-D]): begin$/gm)].map((m) => m[1]);
      assert.deepEqual(items, ['WALK_A', 'WALK_B', 'WALK_C', 'WALK_D']);
      assert.equal(/default: begin\n\s+walk_state <= WALK_B;/.test(text), enc === 'onehot', enc);
    }
  });

  it('records every transition with its source state', () => {
    const w = new Walker('binary');
    assert.deepEqual(w.fsm.transitions, [
      ['A', 'B'],
      ['B', 'C'],
      ['C', 'D'],
      ['D', 'A'],
    ]);
  });

  it('entry actions run at every goto into the state, in the same branch', () => {
    class Entry extends Module {
      readonly go = this.input(Bool());
      readonly count = this.output(UInt(4));
      constructor() {
        super();
        const n = this.reg(UInt(4), { init: 0 });
        const fsm = new Fsm(this, 'E', ['Off', 'On']);
        fsm.onEntry('On', () => n.set(n.add(1)));
        fsm
          .on('Off', () => when(this.go, () => fsm.goto('On')))
          .on('On', () => fsm.goto('Off'))
          .build();
        this.count.set(n);
      }
    }
    const text = verilogOf(new Entry());
    assert.match(
      text,
      /E_OFF: begin\n\s+if \(go\) begin\n\s+e_state <= E_ON;\n\s+n <= n_plus_1;\n\s+end\n\s+end\n\s+E_ON: begin\n\s+e_state <= E_OFF;\n\s+end/,
    );
  });

  it('unknown states are reported at the line that names them (TTF102), each once', () => {
    class Bad extends Module {
      readonly y = this.output(Bool());
      constructor() {
        super();
        const fsm = new Fsm(this, 'X', ['P', 'Q']);
        const loose = fsm as Fsm<string>;
        loose.on('P', () => loose.goto('R')); // @goto
        loose.on('Q', () => fsm.goto('P')).build();
        this.y.set(loose.is('S')); // @is
      }
    }
    const r = diagnose(() => new Bad());
    assert.deepEqual(
      r.errors.map((d) => [d.code, d.message, d.loc?.file, d.loc?.line]),
      [
        ['TTF102', "FSM X has no state 'R' (has P, Q)", file, markerLine(here, 'goto')],
        ['TTF102', "FSM X has no state 'S' (has P, Q)", file, markerLine(here, 'is')],
      ],
    );
  });

  it('an FSM never built is an error at the line that made it (TTF117); built, it is not', () => {
    class Forgot extends Module {
      readonly go = this.input(Bool());
      readonly busy = this.output(Bool());
      constructor(readonly callBuild: boolean) {
        super({ callBuild });
        const fsm = new Fsm(this, 'Ctl', ['Idle', 'Run']); // @made
        fsm.on('Idle', () => when(this.go, () => fsm.goto('Run'))).on('Run', () => fsm.goto('Idle'));
        if (callBuild) fsm.build();
        this.busy.set(fsm.is('Run'));
      }
    }
    const r = diagnose(() => new Forgot(false));
    assert.deepEqual(
      r.errors.map((d) => [d.code, d.message, d.loc?.file, d.loc?.line]),
      [
        [
          'TTF117',
          'FSM Ctl is made here but build() is never called, so its state register only ever resets: call build() after its on(...) states',
          file,
          markerLine(here, 'made'),
        ],
      ],
    );
    assert.deepEqual(diagnose(() => new Forgot(true)).errors, []);
    // Two machines, one built: only the other is reported.
    class OneOfTwo extends Module {
      readonly y = this.output(Bool());
      constructor() {
        super();
        const a = new Fsm(this, 'A', ['P', 'Q']);
        a.on('P', () => a.goto('Q')).build();
        const b = new Fsm(this, 'B', ['P', 'Q']); // @second
        this.y.set(a.is('P').and(b.is('Q')));
      }
    }
    const two = diagnose(() => new OneOfTwo()).errors;
    assert.deepEqual(
      two.map((d) => [d.code, d.loc?.line]),
      [['TTF117', markerLine(here, 'second')]],
    );
  });

  it('UART TX in all three encodings sends the same, correct 8N1 frames (Icarus)', async function () {
    await requireTool(this, 'iverilog');
    const bytes = [0x55, 0xa3, 0x00, 0xff, 0x3c, 0x81];
    const encodings: EnumEncoding[] = ['binary', 'onehot', 'gray'];
    class Triple extends Module {
      readonly valid = this.input(Bool());
      readonly data = this.input(UInt(8));
      readonly ready = this.output(Vec(3, Bool()));
      readonly tx = this.output(Vec(3, Bool()));
      constructor() {
        super();
        encodings.forEach((enc, i) => {
          const u = this.instance(new UartTx(4, enc), `uart_${enc}`);
          u.valid.set(this.valid);
          u.data.set(this.data);
          this.ready[i]!.set(u.ready);
          this.tx[i]!.set(u.tx);
        });
      }
    }
    const work = scratchDir('fsm-uart');
    const files = writeFiles(work, emitVerilog(elaborate(new Triple())).files);
    const cycles = bytes.length * 45 + 20;
    const tb = path.join(work, 'tb.v');
    writeFileSync(
      tb,
      `
module tb;
  reg clk = 0, rst = 1;
  reg [7:0] bytes [0:${bytes.length - 1}];
  integer idx = 0, cyc;
  wire valid = !rst && idx < ${bytes.length};
  wire [7:0] data = idx < ${bytes.length} ? bytes[idx] : 8'd0;
  wire ready_0, ready_1, ready_2, tx_0, tx_1, tx_2;
  Triple dut (.clk(clk), .rst(rst), .valid(valid), .data(data),
    .ready_0(ready_0), .ready_1(ready_1), .ready_2(ready_2), .tx_0(tx_0), .tx_1(tx_1), .tx_2(tx_2));
  always #5 clk = ~clk;
  always @(posedge clk) if (valid && ready_0) idx <= idx + 1;
  initial begin
${bytes.map((b, i) => `    bytes[${i}] = 8'h${b.toString(16)};`).join('\n')}
    repeat (2) @(posedge clk);
    rst <= 0;
    for (cyc = 0; cyc < ${cycles}; cyc = cyc + 1) begin
      @(posedge clk); #1 $display("%b%b%b", tx_0, tx_1, tx_2);
    end
    $finish;
  end
endmodule
`,
    );
    const c = await iverilogCompile([...files, tb], 'tb', path.join(work, 'tb.vvp'));
    assert.equal(c.exitCode, 0, c.output);
    const r = await vvp(path.join(work, 'tb.vvp'));
    const lines = r.output
      .trim()
      .split('\n')
      .filter((l) => /^[01]{3}$/.test(l));
    assert.equal(lines.length, cycles);
    for (const l of lines) assert.ok(l === '000' || l === '111', `encodings disagree: ${l}`);
    const line = lines.map((l) => Number(l[0]));
    assert.deepEqual(decodeUart(line, 4), bytes);
  });
});

/** Decodes 8N1 frames from one sample per clock (the line idles high before the first sample). */
function decodeUart(s: number[], clocksPerBit: number): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === 0 && (i === 0 || s[i - 1] === 1)) {
      const mid = (k: number) => s[i + k * clocksPerBit + (clocksPerBit >> 1)];
      assert.equal(mid(0), 0, `start bit at ${i}`);
      let byte = 0;
      for (let k = 0; k < 8; k++) byte |= (mid(1 + k) ?? 0) << k;
      assert.equal(mid(9), 1, `stop bit of frame at ${i}`);
      out.push(byte);
      i += 10 * clocksPerBit;
    } else i++;
  }
  return out;
}
