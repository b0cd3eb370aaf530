// The transformer training kernel's shell (issue #16 item 1): a Vitis RTL kernel around the combined
// core that, per invocation, trains (or evaluates) on `samples` consecutive per-sample records.
//
// Per invocation (ap_ctrl_hs; arguments over s_axi_control, all traffic on one m_axi_gmem port):
//   1. flags bit 0: load the parameter block into the data memory from `params`;
//   2. for each sample s: read input record s (sample-record.ts) and check it (RecordChecker, the
//      reference's checks and status); a bad record gets its output record (status, +0, -1s) and
//      nothing else happens: the data memory is not written. A good one is read again and its words
//      written, as FP32 values, where the program expects them (HostMap: intent label, slot labels
//      of positions 1..T-1, the slot cross-entropy's weight 1/scored, optionally tokens and length),
//      then row s of `lrTable` (the step's optimizer scalars, skipped when evaluating) into the
//      optimizer block; the core runs the program from its training (or, flags bit 2, evaluation)
//      entry; the output record is written from the words the program leaves (loss bits, the
//      predictions converted to integers, -1 past the length);
//   3. flags bit 1: store the parameter block to `params`.
// The program is a parameter (kernel-options.ts), so the shell does not depend on which one runs.
import { UInt, Fsm, when, mux, type Expr } from '../../dsl/index.js';
import { VitisKernel } from '../../rtl-lib/axi/vitis-kernel.js';
import { Fp32ToInt } from '../../rtl-lib/fp/hw/fp-unit-module.js';
import { CombinedCore } from '../engine/combined-core.js';
import {
  STATUS_CORE_ERROR,
  type TransformerKernelOptions,
  checkKernelOptions,
  transformerKernelSpec,
} from './kernel-options.js';
import { RecordChecker } from './record-checker.js';
import { inputStride, outputStride } from './sample-record.js';
import { SmallIntToF32, recordValueBits } from './small-int-to-f32.js';

const FP32_ONE = 0x3f80_0000;

const STATES = [
  'Idle',
  'LoadParamsCmd',
  'LoadParams',
  'SampleCheck',
  'CheckCmd',
  'Check',
  'Verdict',
  'InputCmd',
  'Inputs',
  'Ce0',
  'Ce1',
  'Ce2',
  'Length',
  'LrCmd',
  'Lr',
  'Settle1',
  'Settle2',
  'CoreStart',
  'CoreWait',
  'OutCmd',
  'OutFetch',
  'OutFetch2',
  'OutFetch3',
  'OutOffer',
  'OutWait',
  'NextSample',
  'StoreParamsCmd',
  'StoreFetch',
  'StoreFetch2',
  'StoreOffer',
  'StoreWait',
  'Done',
] as const;
type State = (typeof STATES)[number];

/** A short, stable digest of the options (the module's parameter that tells variants apart). */
function optionsDigest(o: TransformerKernelOptions): string {
  const text = JSON.stringify(o, (_, v) => (typeof v === 'bigint' ? v.toString(16) : v));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

export class TransformerTrainKernel extends VitisKernel {
  readonly options: TransformerKernelOptions;
  readonly inStride: number;
  readonly outStride: number;

  constructor(o: TransformerKernelOptions) {
    checkKernelOptions(o);
    super(transformerKernelSpec, { config: optionsDigest(o) });
    this.options = o;
    const M = o.shape.maxTokens;
    const map = o.map;
    const inStride = inputStride(M);
    const outStride = outputStride(M);
    [this.inStride, this.outStride] = [inStride, outStride];

    const shell = this.axiShell('gmem', o.maxBeats ?? 64);
    const { control: ctl, reader: rd, writer: wr } = shell;
    const eng = this.instance(new CombinedCore(o.core, o.program), 'core');
    const chk = this.instance(new RecordChecker(o.shape), 'checker');
    const vb = recordValueBits(o.shape);
    const toF32 = this.instance(new SmallIntToF32(vb), 'to_f32');
    const toInt = this.instance(new Fp32ToInt(0), 'to_int');
    eng.prog.we.set(false);
    eng.prog.addr.set(0);
    eng.prog.wdata.set(0);

    const r32 = (name: string) => this.reg(UInt(32), { init: 0, name });
    const r64 = (name: string) => this.reg(UInt(64), { init: 0, name });
    const g = {
      samples: r32('samples'),
      flags: r32('flags'),
      inPtr: r64('in_ptr'),
      outPtr: r64('out_ptr'),
      paramsPtr: r64('params_ptr'),
      lrPtr: r64('lr_ptr'),
      sample: r32('sample'),
      cnt: r32('count'),
      status: this.reg(UInt(3), { init: 0, name: 'status' }),
    };
    const word = (v: number) => UInt(32).lit(v >>> 0);
    const evalOnly = g.flags.bit(2);
    const T = chk.length;
    const cnt = g.cnt;
    const fsm = new Fsm(this, 'Kernel', STATES);

    // A load state counts the beats of its stream and leaves after `words` of them.
    const receive = (words: number, then: () => void) =>
      when(rd.outValid, () => {
        cnt.set(cnt.add(1));
        when(cnt.eq(words - 1), then);
      });
    const command = (port: { cmdReady: Expr }, then: State) =>
      when(port.cmdReady, () => {
        cnt.set(0);
        fsm.goto(then);
      });
    const afterInputs = () => (map.length === undefined ? afterLength() : fsm.goto('Length'));
    const afterLength = () => when(evalOnly, () => fsm.goto('Settle1')).otherwise(() => fsm.goto('LrCmd'));

    fsm
      .on('Idle', () =>
        when(ctl.apStart, () => {
          g.samples.set(ctl.args.samples!);
          g.flags.set(ctl.args.flags!);
          g.inPtr.set(ctl.args.in!);
          g.outPtr.set(ctl.args.out!);
          g.paramsPtr.set(ctl.args.params!);
          g.lrPtr.set(ctl.args.lrTable!);
          g.sample.set(0);
          when(ctl.args.flags!.bit(0), () => fsm.goto('LoadParamsCmd')).otherwise(() => fsm.goto('SampleCheck'));
        }),
      )
      .on('LoadParamsCmd', () => command(rd, 'LoadParams'))
      .on('LoadParams', () => receive(o.params.words, () => fsm.goto('SampleCheck')))
      .on('SampleCheck', () =>
        when(g.sample.eq(g.samples), () =>
          when(g.flags.bit(1), () => fsm.goto('StoreParamsCmd')).otherwise(() => fsm.goto('Done')),
        ).otherwise(() => fsm.goto('CheckCmd')),
      )
      .on('CheckCmd', () => command(rd, 'Check'))
      .on('Check', () => receive(inStride, () => fsm.goto('Verdict')))
      .on('Verdict', () => {
        g.status.set(chk.status);
        when(chk.status.eq(0), () => fsm.goto('InputCmd')).otherwise(() => fsm.goto('OutCmd'));
      })
      .on('InputCmd', () => command(rd, 'Inputs'))
      .on('Inputs', () => receive(inStride, () => when(T.gt(1), () => fsm.goto('Ce0')).otherwise(() => afterInputs())))
      .on('Ce0', () => fsm.goto('Ce1'))
      .on('Ce1', () => fsm.goto('Ce2'))
      .on('Ce2', () => afterInputs())
      .on('Length', () => afterLength())
      .on('LrCmd', () => command(rd, 'Lr'))
      .on('Lr', () => receive(map.lrWords, () => fsm.goto('Settle1')))
      .on('Settle1', () => fsm.goto('Settle2'))
      .on('Settle2', () => fsm.goto('CoreStart'))
      .on('CoreStart', () => fsm.goto('CoreWait'))
      .on('CoreWait', () =>
        when(eng.busy.not(), () => {
          when(eng.error, () => g.status.set(STATUS_CORE_ERROR));
          fsm.goto('OutCmd');
        }),
      )
      .on('OutCmd', () => command(wr, 'OutFetch'))
      // The data memory's host reads take two cycles.
      .on('OutFetch', () => fsm.goto('OutFetch2'))
      .on('OutFetch2', () => fsm.goto('OutFetch3'))
      // The output word is registered (out_word) after the FP32-to-int conversion of the read.
      .on('OutFetch3', () => fsm.goto('OutOffer'))
      .on('OutOffer', () =>
        when(wr.inReady, () => {
          cnt.set(cnt.add(1));
          when(cnt.eq(outStride - 1), () => fsm.goto('OutWait')).otherwise(() => fsm.goto('OutFetch'));
        }),
      )
      .on('OutWait', () => when(wr.idle, () => fsm.goto('NextSample')))
      .on('NextSample', () => {
        g.sample.set(g.sample.add(1));
        g.inPtr.set(g.inPtr.add(4 * inStride));
        g.outPtr.set(g.outPtr.add(4 * outStride));
        g.lrPtr.set(g.lrPtr.add(4 * map.lrWords));
        fsm.goto('SampleCheck');
      })
      .on('StoreParamsCmd', () => command(wr, 'StoreFetch'))
      .on('StoreFetch', () => fsm.goto('StoreFetch2'))
      .on('StoreFetch2', () => fsm.goto('StoreOffer'))
      .on('StoreOffer', () =>
        when(wr.inReady, () => {
          cnt.set(cnt.add(1));
          when(cnt.eq(o.params.words - 1), () => fsm.goto('StoreWait')).otherwise(() => fsm.goto('StoreFetch'));
        }),
      )
      .on('StoreWait', () => when(wr.idle, () => fsm.goto('Done')))
      .on('Done', () => fsm.goto('Idle'));
    fsm.build();

    // The checker sees the first read of each record.
    const iw = chk.index.type.width;
    chk.clear.set(fsm.is('CheckCmd'));
    chk.valid.set(fsm.is('Check').and(rd.outValid));
    chk.index.set(cnt.trunc(iw));
    chk.data.set(rd.outData);

    // The data memory's host write port: parameters, the sample's inputs, the lrTable row.
    const aw = eng.host.waddr.type.width;
    const addr = (base: number, index: Expr = UInt(aw).lit(0)) => UInt(aw).lit(base).add(index.trunc(aw));
    const beat = rd.outValid;
    const inIndex = cnt;
    const at32 = (v: number) => UInt(32).lit(v);
    const tokenPos = inIndex.sub(at32(2));
    const slotPos = inIndex.sub(at32(2 + M));
    const isIntent = inIndex.eq(1);
    const isToken = inIndex
      .ge(at32(2))
      .and(inIndex.lt(at32(2 + M)))
      .and(tokenPos.lt(T));
    const isSlot = inIndex.ge(at32(3 + M)).and(slotPos.lt(T));
    const writesToken = map.tokens === undefined ? isToken.and(false) : isToken;
    const inputs = fsm.is('Inputs').and(beat);
    const inputWrite = inputs.and(isIntent.or(writesToken).or(isSlot));
    const inputAddr = mux(
      isIntent,
      addr(map.intentLabel),
      mux(isSlot, addr(map.slotLabels, slotPos.sub(at32(1))), addr(map.tokens ?? 0, tokenPos)),
    );
    const recip = this.reciprocalTable(M, chk.scored);
    const ce = fsm.isAny('Ce0', 'Ce1', 'Ce2');
    const ceAddr = mux(fsm.is('Ce0'), addr(map.slotCE), mux(fsm.is('Ce1'), addr(map.slotCE + 1), addr(map.slotCE + 2)));
    const ceData = mux(fsm.is('Ce0'), recip, mux(fsm.is('Ce1'), word(FP32_ONE), word(0)));
    const loadParams = fsm.is('LoadParams').and(beat);
    const lr = fsm.is('Lr').and(beat);
    const lengthWrite = map.length === undefined ? fsm.is('Length').and(false) : fsm.is('Length');
    const we0 = loadParams.or(inputWrite).or(ce).or(lengthWrite).or(lr);
    const addr0 = mux(
      fsm.is('LoadParams'),
      addr(o.params.base, cnt),
      mux(
        fsm.is('Lr'),
        addr(map.optimizer, cnt),
        mux(ce, ceAddr, mux(fsm.is('Length'), addr(map.length ?? 0), inputAddr)),
      ),
    );
    const raw0 = mux(ce, ceData, mux(fsm.is('Length'), T, rd.outData));
    const convert0 = fsm.isAny('Inputs', 'Length');
    // Every write goes through two registers, the conversion between them (its LUT levels on their own);
    // the Settle states let the last one land before the core starts.
    const we1 = this.delay(we0, { name: 'host_we1', init: false });
    const addr1 = this.delay(addr0, 'host_waddr1');
    const raw1 = this.delay(raw0, 'host_wraw1');
    const convert1 = this.delay(convert0, { name: 'host_convert1', init: false });
    toF32.a.set(raw1.trunc(vb));
    eng.host.we.set(this.delay(we1, { name: 'host_we2', init: false }));
    eng.host.waddr.set(this.delay(addr1, 'host_waddr2'));
    eng.host.wdata.set(this.delay(mux(convert1, toF32.y, raw1), 'host_wdata2'));

    // Reads: the output record's words, the parameter block.
    const outIndex = cnt;
    const outAddr = mux(
      outIndex.eq(1),
      addr(map.loss),
      mux(outIndex.eq(2), addr(map.intentPred), addr(map.slotPreds, outIndex.sub(at32(4)))),
    );
    const storing = fsm.isAny('StoreFetch', 'StoreFetch2', 'StoreOffer');
    eng.host.raddr.set(mux(storing, addr(o.params.base, cnt), outAddr));
    eng.host.raddr2.set(0);
    toInt.a.set(eng.host.rdata);
    toInt.inValid.set(true);
    const good = g.status.eq(0);
    const minus1 = word(-1);
    const outWord = mux(
      outIndex.eq(0),
      g.status.zext(32),
      mux(
        good.not(),
        mux(outIndex.eq(1), word(0), minus1),
        mux(
          outIndex.eq(1),
          eng.host.rdata,
          mux(outIndex.eq(2).or(outIndex.ge(at32(4)).and(outIndex.sub(at32(3)).lt(T))), toInt.y, minus1),
        ),
      ),
    );

    // The core: started at the entry point the flags pick.
    eng.start.set(fsm.is('CoreStart'));
    const pc = (v: number) => UInt(eng.startPc.type.width).lit(v);
    eng.startPc.set(mux(evalOnly, pc(o.entry.eval), pc(o.entry.train)));

    // AXI commands and streams.
    rd.cmdValid.set(fsm.isAny('LoadParamsCmd', 'CheckCmd', 'InputCmd', 'LrCmd'));
    rd.cmdAddr.set(mux(fsm.is('LoadParamsCmd'), g.paramsPtr, mux(fsm.is('LrCmd'), g.lrPtr, g.inPtr)));
    rd.cmdBeats.set(
      mux(fsm.is('LoadParamsCmd'), word(o.params.words), mux(fsm.is('LrCmd'), word(map.lrWords), word(inStride))),
    );
    rd.outReady.set(fsm.isAny('LoadParams', 'Check', 'Inputs', 'Lr'));
    wr.cmdValid.set(fsm.isAny('OutCmd', 'StoreParamsCmd'));
    wr.cmdAddr.set(mux(fsm.is('OutCmd'), g.outPtr, g.paramsPtr));
    wr.cmdBeats.set(mux(fsm.is('OutCmd'), word(outStride), word(o.params.words)));
    wr.inValid.set(fsm.isAny('OutOffer', 'StoreOffer'));
    const outWordQ = this.delay(outWord, 'out_word');
    wr.inData.set(mux(fsm.is('OutOffer'), outWordQ, eng.host.rdata));

    ctl.apIdle.set(fsm.is('Idle'));
    ctl.apDone.set(fsm.is('Done'));
    ctl.apReady.set(fsm.is('Done'));
    this.phaseCounters(fsm, ctl.apStart);
  }

  /** fround(1/n) for n scored positions (0 for none): a ROM indexed by the checker's count. */
  private reciprocalTable(maxTokens: number, scored: Expr): Expr {
    const bits = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0]!;
    const init = Array.from({ length: maxTokens }, (_, n) => (n === 0 ? 0 : bits(1 / n)));
    const rom = this.memory(UInt(32), maxTokens, { name: 'recip_rom', init });
    return rom.read(scored.resize(rom.addrWidth), { sync: false, name: 'recip_scored' });
  }

  /** Cycle counters per phase (read by test benches and the bench; not connected to any port). */
  private phaseCounters(fsm: Fsm<State>, apStart: Expr): void {
    const counter = (name: string, phase: Expr) => {
      const c = this.reg(UInt(32), { init: 0, name });
      when(fsm.is('Idle').and(apStart), () => c.set(0)).elsewhen(phase, () => c.set(c.add(1)));
    };
    counter('cycles_params', fsm.isAny('LoadParamsCmd', 'LoadParams'));
    counter('cycles_check', fsm.isAny('SampleCheck', 'CheckCmd', 'Check', 'Verdict'));
    counter('cycles_inputs', fsm.isAny('InputCmd', 'Inputs', 'Ce0', 'Ce1', 'Ce2', 'Length', 'LrCmd', 'Lr'));
    counter('cycles_core', fsm.isAny('Settle1', 'Settle2', 'CoreStart', 'CoreWait'));
    counter(
      'cycles_output',
      fsm.isAny('OutCmd', 'OutFetch', 'OutFetch2', 'OutFetch3', 'OutOffer', 'OutWait', 'NextSample'),
    );
    counter('cycles_store', fsm.isAny('StoreParamsCmd', 'StoreFetch', 'StoreFetch2', 'StoreOffer', 'StoreWait'));
  }
}
