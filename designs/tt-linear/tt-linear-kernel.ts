// A TT linear layer trained on chip, as a Vitis RTL kernel for the U50. Every parameter, gradient and
// activation lives in the contraction engine's on-chip data memory; HBM only carries what the host
// gives and takes: the inputs X and targets T of each step in, the loss of each step and (on request)
// the parameter block in and out.
//
// Per invocation (ap_ctrl_hs; arguments over s_axi_control):
//   1. write the constants (1.0 and -lr) the schedule's bias and SGD steps use;
//   2. flags bit 0: load the parameter block (cores, then bias) from `params`;
//   3. `steps` times: load X and T of the step, then the training-stage FSM: FP (engine program from
//      stagePc.fp), error pass (dY = Y - T and the loss, ErrorLossUnit), BP, PU (SGD); write the loss
//      to loss[step]; X and T advance to the next sample;
//   4. flags bit 1: store the parameter block to `params`.
// The stage programs, the memory layout and every constant come from the schedule (training-plan.ts).
import { UInt, Fsm, when, mux, withDefaults, type Expr, type ParamsOf, type Signal } from '../../dsl/index.js';
import { VitisKernel } from '../../rtl-lib/axi/vitis-kernel.js';
import type { KernelSpec } from '../../rtl-lib/axi/kernel-spec.js';
import { ContractionEngine } from '../engine/engine.js';
import { parseEngineShape } from '../engine/engine-config.js';
import { ErrorLossUnit } from './error-loss-unit.js';
import { parseLayerSpec } from './layer-spec.js';
import { planTraining, programDepth, type TrainingPlan } from './training-plan.js';

export const FLAG_LOAD_PARAMS = 1;
export const FLAG_STORE_PARAMS = 2;

export const ttLinearSpec: KernelSpec = {
  name: 'tt_linear_train',
  args: [
    { name: 'steps', kind: 'scalar', ctype: 'uint' },
    { name: 'flags', kind: 'scalar', ctype: 'uint' },
    { name: 'lr', kind: 'scalar', ctype: 'float' },
    { name: 'x', kind: 'pointer', ctype: 'float*', master: 'gmem' },
    { name: 't', kind: 'pointer', ctype: 'float*', master: 'gmem' },
    { name: 'params', kind: 'pointer', ctype: 'float*', master: 'gmem' },
    { name: 'loss', kind: 'pointer', ctype: 'float*', master: 'gmem' },
  ],
  masters: [{ name: 'gmem', dataBits: 32 }],
};

const FP32_ONE = 0x3f80_0000;
const SIGN = 0x8000_0000;

export class TtLinearTrainKernel extends VitisKernel {
  /**
   * layer: 'attn' | 'ffn1' | 'ffn2' (the paper's) or '<in modes>:<out modes>', e.g. '2x4:4x2'; rank: TT
   * rank of every interior bond; tokens: rows K of X per training step; engine: systolic array 'RxC'
   * or 'RxC:macStages'; maxBeats: longest AXI burst.
   */
  static readonly params = { layer: 'attn', rank: 10, tokens: 32, engine: '4x10:8', maxBeats: 64 };
  readonly layer: string;
  readonly rank: number;
  readonly tokens: number;
  readonly engine: string;
  readonly maxBeats: number;
  readonly plan: TrainingPlan;
  /** Partial sums of the error unit's loss (the FP32 model needs it: error-loss32.ts). */
  readonly lossSlots: number;

  constructor(p: ParamsOf<typeof TtLinearTrainKernel.params> = {}) {
    const { layer, rank, tokens, engine, maxBeats } = withDefaults(TtLinearTrainKernel.params, p);
    super(ttLinearSpec, { layer, rank, tokens, engine, maxBeats });
    [this.layer, this.rank, this.tokens, this.engine, this.maxBeats] = [layer, rank, tokens, engine, maxBeats];
    const plan = planTraining(parseLayerSpec(layer, rank), tokens, parseEngineShape(engine));
    this.plan = plan;
    const { control: ctl, reader: rd, writer: wr } = this.axiShell('gmem', maxBeats);
    const eng = this.instance(
      new ContractionEngine(plan.engine, plan.layout.depth, programDepth(plan), plan.image),
      'engine',
    );
    const err = this.instance(new ErrorLossUnit(), 'error_unit');
    this.lossSlots = err.slots;
    eng.progWe.set(false);
    eng.progAddr.set(0);
    eng.progWdata.set(0);

    const aw = eng.hostWaddr.type.width;
    const xWords = plan.K * plan.M;
    const tWords = plan.K * plan.N;
    const steps = this.reg(UInt(32), { init: 0, name: 'steps' });
    const flags = this.reg(UInt(32), { init: 0, name: 'flags' });
    const negLr = this.reg(UInt(32), { init: 0, name: 'neg_lr' });
    const xPtr = this.reg(UInt(64), { init: 0, name: 'x_ptr' });
    const tPtr = this.reg(UInt(64), { init: 0, name: 't_ptr' });
    const paramsPtr = this.reg(UInt(64), { init: 0, name: 'params_ptr' });
    const lossPtr = this.reg(UInt(64), { init: 0, name: 'loss_ptr' });
    const step = this.reg(UInt(32), { init: 0, name: 'step' });
    const cnt = this.reg(UInt(32), { init: 0, name: 'count' });
    const loss = this.reg(UInt(32), { init: 0, name: 'loss_word' });
    const at = (base: number, index: Expr): Expr => UInt(aw).lit(base).add(index.trunc(aw));

    const fsm = new Fsm(this, 'Train', [
      'Idle',
      'ConstOne',
      'ConstLr',
      'LoadParamsCmd',
      'LoadParams',
      'StepCheck',
      'LoadXCmd',
      'LoadX',
      'LoadTCmd',
      'LoadT',
      'FpStart',
      'FpWait',
      'ErrClear',
      'ErrIssue',
      'ErrWait',
      'BpStart',
      'BpWait',
      'PuStart',
      'PuWait',
      'StoreLossCmd',
      'StoreLoss',
      'NextStep',
      'StoreParamsCmd',
      'StoreFetch',
      'StoreFetch2',
      'StoreOffer',
      'StoreWait',
      'Done',
    ]);
    // A load state writes each beat of the stream at base + count and leaves after `words` beats.
    const receive = (words: number, then: Parameters<typeof fsm.goto>[0]) =>
      when(rd.outValid, () => {
        cnt.set(cnt.add(1));
        when(cnt.eq(words - 1), () => fsm.goto(then));
      });
    const engineStage = (wait: Parameters<typeof fsm.goto>[0], then: Parameters<typeof fsm.goto>[0]) =>
      fsm.on(wait, () => when(eng.busy.not(), () => fsm.goto(then)));

    fsm
      .on('Idle', () =>
        when(ctl.apStart, () => {
          steps.set(ctl.args.steps!);
          flags.set(ctl.args.flags!);
          negLr.set(ctl.args.lr!.xor(SIGN));
          xPtr.set(ctl.args.x!);
          tPtr.set(ctl.args.t!);
          paramsPtr.set(ctl.args.params!);
          lossPtr.set(ctl.args.loss!);
          step.set(0);
          fsm.goto('ConstOne');
        }),
      )
      .on('ConstOne', () => fsm.goto('ConstLr'))
      .on('ConstLr', () => when(flags.bit(0), () => fsm.goto('LoadParamsCmd')).otherwise(() => fsm.goto('StepCheck')))
      .on('LoadParamsCmd', () =>
        when(rd.cmdReady, () => {
          cnt.set(0);
          fsm.goto('LoadParams');
        }),
      )
      .on('LoadParams', () => receive(plan.paramWords, 'StepCheck'))
      .on('StepCheck', () => {
        when(step.eq(steps), () =>
          when(flags.bit(1), () => fsm.goto('StoreParamsCmd')).otherwise(() => fsm.goto('Done')),
        ).otherwise(() => fsm.goto('LoadXCmd'));
      })
      .on('LoadXCmd', () =>
        when(rd.cmdReady, () => {
          cnt.set(0);
          fsm.goto('LoadX');
        }),
      )
      .on('LoadX', () => receive(xWords, 'LoadTCmd'))
      .on('LoadTCmd', () =>
        when(rd.cmdReady, () => {
          cnt.set(0);
          fsm.goto('LoadT');
        }),
      )
      .on('LoadT', () => receive(tWords, 'FpStart'))
      .on('FpStart', () => fsm.goto('FpWait'))
      .on('ErrClear', () => {
        cnt.set(0);
        fsm.goto('ErrIssue');
      })
      .on('ErrIssue', () => {
        cnt.set(cnt.add(1));
        when(cnt.eq(tWords - 1), () => fsm.goto('ErrWait'));
      })
      .on('ErrWait', () =>
        when(err.lossValid, () => {
          loss.set(err.loss);
          fsm.goto('BpStart');
        }),
      )
      .on('BpStart', () => fsm.goto('BpWait'))
      .on('PuStart', () => fsm.goto('PuWait'))
      .on('StoreLossCmd', () =>
        when(wr.cmdReady, () => {
          cnt.set(0);
          fsm.goto('StoreLoss');
        }),
      )
      .on('StoreLoss', () => {
        when(wr.inReady.and(cnt.eq(0)), () => cnt.set(1));
        when(cnt.eq(1).and(wr.idle), () => fsm.goto('NextStep'));
      })
      .on('NextStep', () => {
        step.set(step.add(1));
        xPtr.set(xPtr.add(4 * xWords));
        tPtr.set(tPtr.add(4 * tWords));
        fsm.goto('StepCheck');
      })
      .on('StoreParamsCmd', () =>
        when(wr.cmdReady, () => {
          cnt.set(0);
          fsm.goto('StoreFetch');
        }),
      )
      // The engine's host reads take two cycles.
      .on('StoreFetch', () => fsm.goto('StoreFetch2'))
      .on('StoreFetch2', () => fsm.goto('StoreOffer'))
      .on('StoreOffer', () =>
        when(wr.inReady, () => {
          cnt.set(cnt.add(1));
          when(cnt.eq(plan.paramWords - 1), () => fsm.goto('StoreWait')).otherwise(() => fsm.goto('StoreFetch'));
        }),
      )
      .on('StoreWait', () => when(wr.idle, () => fsm.goto('Done')))
      .on('Done', () => fsm.goto('Idle'));
    engineStage('FpWait', 'ErrClear');
    engineStage('BpWait', 'PuStart');
    engineStage('PuWait', 'StoreLossCmd');
    fsm.build();

    // ---- engine: one program, three entry points --------------------------------------------------
    eng.start.set(fsm.isAny('FpStart', 'BpStart', 'PuStart'));
    const pc = (v: number) => UInt(eng.startPc.type.width).lit(v);
    eng.startPc.set(
      mux(fsm.is('FpStart'), pc(plan.stagePc.fp), mux(fsm.is('BpStart'), pc(plan.stagePc.bp), pc(plan.stagePc.pu))),
    );

    // ---- error pass: read Y[i] and T[i], write dY[i] = Y[i] - T[i] when it comes out ------------
    const issuing = fsm.is('ErrIssue');
    err.clear.set(fsm.is('ErrClear'));
    err.inValid.set(
      this.delay(this.delay(issuing, { name: 'err_read_valid0', init: false }), {
        name: 'err_read_valid',
        init: false,
      }),
    );
    err.y.set(eng.hostRdata);
    err.t.set(eng.hostRdata2);
    err.finish.set(issuing.and(cnt.eq(tWords - 1)));
    let errIndex: Expr = cnt;
    for (let i = 0; i <= err.errorLatency + 1; i++) errIndex = this.delay(errIndex, `err_index${i}`);

    // ---- data-memory host ports -------------------------------------------------------------------
    const loading = fsm.isAny('LoadParams', 'LoadX', 'LoadT');
    const loadAddr = mux(
      fsm.is('LoadParams'),
      at(plan.addr.params, cnt),
      mux(fsm.is('LoadX'), at(plan.addr.x, cnt), at(plan.addr.tgt, cnt)),
    );
    const word = (v: number) => UInt(32).lit(v);
    eng.hostWe.set(fsm.isAny('ConstOne', 'ConstLr').or(loading.and(rd.outValid)).or(err.eValid));
    eng.hostWaddr.set(
      mux(
        fsm.is('ConstOne'),
        UInt(aw).lit(plan.addr.one),
        mux(fsm.is('ConstLr'), UInt(aw).lit(plan.addr.negLr), mux(loading, loadAddr, at(plan.addr.dY, errIndex))),
      ),
    );
    eng.hostWdata.set(
      mux(fsm.is('ConstOne'), word(FP32_ONE), mux(fsm.is('ConstLr'), negLr, mux(loading, rd.outData, err.e))),
    );
    eng.hostRaddr.set(mux(issuing, at(plan.addr.y, cnt), at(plan.addr.params, cnt)));
    eng.hostRaddr2.set(at(plan.addr.tgt, cnt));

    // ---- AXI ------------------------------------------------------------------------------------------
    const readCmd = fsm.isAny('LoadParamsCmd', 'LoadXCmd', 'LoadTCmd');
    rd.cmdValid.set(readCmd);
    rd.cmdAddr.set(mux(fsm.is('LoadParamsCmd'), paramsPtr, mux(fsm.is('LoadXCmd'), xPtr, tPtr)));
    rd.cmdBeats.set(
      mux(fsm.is('LoadParamsCmd'), word(plan.paramWords), mux(fsm.is('LoadXCmd'), word(xWords), word(tWords))),
    );
    rd.outReady.set(loading);
    wr.cmdValid.set(fsm.isAny('StoreLossCmd', 'StoreParamsCmd'));
    wr.cmdAddr.set(mux(fsm.is('StoreLossCmd'), lossPtr.add(step.zext(64).shl(2)), paramsPtr));
    wr.cmdBeats.set(mux(fsm.is('StoreLossCmd'), word(1), word(plan.paramWords)));
    wr.inValid.set(fsm.is('StoreLoss').and(cnt.eq(0)).or(fsm.is('StoreOffer')));
    wr.inData.set(mux(fsm.is('StoreLoss'), loss, eng.hostRdata));

    // ---- cycle counters per phase (read by test benches and the bench; not connected to any port) ---
    const counter = (name: string, phase: Expr) => {
      const c = this.reg(UInt(32), { init: 0, name });
      when(fsm.is('Idle').and(ctl.apStart), () => c.set(0)).elsewhen(phase, () => c.set(c.add(1)));
      return c as Signal;
    };
    counter('cycles_load', fsm.isAny('LoadParamsCmd', 'LoadParams', 'LoadXCmd', 'LoadX', 'LoadTCmd', 'LoadT'));
    counter('cycles_fp', fsm.isAny('FpStart', 'FpWait'));
    counter('cycles_error', fsm.isAny('ErrClear', 'ErrIssue', 'ErrWait'));
    counter('cycles_bp', fsm.isAny('BpStart', 'BpWait'));
    counter('cycles_pu', fsm.isAny('PuStart', 'PuWait'));
    counter(
      'cycles_store',
      fsm.isAny('StoreLossCmd', 'StoreLoss', 'StoreParamsCmd', 'StoreFetch', 'StoreFetch2', 'StoreOffer', 'StoreWait'),
    );

    ctl.apIdle.set(fsm.is('Idle'));
    ctl.apDone.set(fsm.is('Done'));
    ctl.apReady.set(fsm.is('Done'));
  }
}

export default TtLinearTrainKernel;
