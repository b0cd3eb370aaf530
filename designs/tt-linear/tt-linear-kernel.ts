// A TT linear layer trained on chip, as a Vitis RTL kernel for the U50. Every parameter, gradient and
// activation lives in the on-chip data memory of the combined core (the contraction engine and a vector
// unit running one program: the bias add and the bias gradient on the vector unit); HBM only carries what the host
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
import { UInt, Fsm, when, mux, withDefaults, type Expr, type ParamsOf } from '../../dsl/index.js';
import { VitisKernel } from '../../rtl-lib/axi/vitis-kernel.js';
import type { KernelSpec } from '../../rtl-lib/axi/kernel-spec.js';
import { CombinedCore } from '../engine/combined-core.js';
import { parseEngineShape } from '../engine/engine-config.js';
import { ErrorLossUnit } from './error-loss-unit.js';
import { parseLayerSpec } from './layer-spec.js';
import { planTraining, type TrainingPlan } from './training-plan.js';

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

const TRAIN_STATES = [
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
] as const;
type TrainState = (typeof TRAIN_STATES)[number];

/** What the kernel's parts share: the plan, the shell, the engine, the error unit, the registers and the FSM. */
interface Parts {
  plan: TrainingPlan;
  shell: ReturnType<VitisKernel['axiShell']>;
  eng: CombinedCore;
  err: ErrorLossUnit;
  regs: ReturnType<TtLinearTrainKernel['stateRegisters']>;
  fsm: Fsm<TrainState>;
  xWords: number;
  tWords: number;
  /** A data-memory address: base + index. */
  at: (base: number, index: Expr) => Expr;
}

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
    const shell = this.axiShell('gmem', maxBeats);
    const eng = this.instance(new CombinedCore(plan.core, plan.image), 'engine');
    const err = this.instance(new ErrorLossUnit(), 'error_unit');
    this.lossSlots = err.slots;
    eng.prog.we.set(false);
    eng.prog.addr.set(0);
    eng.prog.wdata.set(0);

    const aw = eng.host.waddr.type.width;
    const regs = this.stateRegisters();
    const k: Omit<Parts, 'fsm'> = {
      plan,
      shell,
      eng,
      err,
      regs,
      xWords: plan.K * plan.M,
      tWords: plan.K * plan.N,
      at: (base, index) => UInt(aw).lit(base).add(index.trunc(aw)),
    };
    const parts: Parts = { ...k, fsm: this.trainingFsm(k) };
    this.engineStages(parts);
    this.errorPass(parts);
    this.hostPorts(parts);
    this.axiCommands(parts);
    this.phaseCounters(parts);
    const { control: ctl } = shell;
    ctl.apIdle.set(parts.fsm.is('Idle'));
    ctl.apDone.set(parts.fsm.is('Done'));
    ctl.apReady.set(parts.fsm.is('Done'));
  }

  /** The arguments latched at ap_start, the step and beat counters, and the last loss. */
  private stateRegisters() {
    const r32 = (name: string) => this.reg(UInt(32), { init: 0, name });
    const r64 = (name: string) => this.reg(UInt(64), { init: 0, name });
    return {
      steps: r32('steps'),
      flags: r32('flags'),
      negLr: r32('neg_lr'),
      xPtr: r64('x_ptr'),
      tPtr: r64('t_ptr'),
      paramsPtr: r64('params_ptr'),
      lossPtr: r64('loss_ptr'),
      step: r32('step'),
      cnt: r32('count'),
      loss: r32('loss_word'),
    };
  }

  /** The training-stage FSM: constants, parameter load, per step X/T load, FP, error, BP, PU, loss; store. */
  private trainingFsm(k: Omit<Parts, 'fsm'>): Fsm<TrainState> {
    const { plan, eng, err, regs: g, xWords, tWords } = k;
    const { control: ctl, reader: rd, writer: wr } = k.shell;
    const fsm = new Fsm(this, 'Train', TRAIN_STATES);
    // A load state writes each beat of the stream at base + count and leaves after `words` beats.
    const receive = (words: number, then: TrainState) =>
      when(rd.outValid, () => {
        g.cnt.set(g.cnt.add(1));
        when(g.cnt.eq(words - 1), () => fsm.goto(then));
      });
    const command = (port: { cmdReady: Expr }, then: TrainState) =>
      when(port.cmdReady, () => {
        g.cnt.set(0);
        fsm.goto(then);
      });
    const engineStage = (wait: TrainState, then: TrainState) =>
      fsm.on(wait, () => when(eng.busy.not(), () => fsm.goto(then)));

    fsm
      .on('Idle', () =>
        when(ctl.apStart, () => {
          g.steps.set(ctl.args.steps!);
          g.flags.set(ctl.args.flags!);
          g.negLr.set(ctl.args.lr!.xor(SIGN));
          g.xPtr.set(ctl.args.x!);
          g.tPtr.set(ctl.args.t!);
          g.paramsPtr.set(ctl.args.params!);
          g.lossPtr.set(ctl.args.loss!);
          g.step.set(0);
          fsm.goto('ConstOne');
        }),
      )
      .on('ConstOne', () => fsm.goto('ConstLr'))
      .on('ConstLr', () => when(g.flags.bit(0), () => fsm.goto('LoadParamsCmd')).otherwise(() => fsm.goto('StepCheck')))
      .on('LoadParamsCmd', () => command(rd, 'LoadParams'))
      .on('LoadParams', () => receive(plan.paramWords, 'StepCheck'))
      .on('StepCheck', () => {
        when(g.step.eq(g.steps), () =>
          when(g.flags.bit(1), () => fsm.goto('StoreParamsCmd')).otherwise(() => fsm.goto('Done')),
        ).otherwise(() => fsm.goto('LoadXCmd'));
      })
      .on('LoadXCmd', () => command(rd, 'LoadX'))
      .on('LoadX', () => receive(xWords, 'LoadTCmd'))
      .on('LoadTCmd', () => command(rd, 'LoadT'))
      .on('LoadT', () => receive(tWords, 'FpStart'))
      .on('FpStart', () => fsm.goto('FpWait'))
      .on('ErrClear', () => {
        g.cnt.set(0);
        fsm.goto('ErrIssue');
      })
      .on('ErrIssue', () => {
        g.cnt.set(g.cnt.add(1));
        when(g.cnt.eq(tWords - 1), () => fsm.goto('ErrWait'));
      })
      .on('ErrWait', () =>
        when(err.lossValid, () => {
          g.loss.set(err.loss);
          fsm.goto('BpStart');
        }),
      )
      .on('BpStart', () => fsm.goto('BpWait'))
      .on('PuStart', () => fsm.goto('PuWait'))
      .on('StoreLossCmd', () => command(wr, 'StoreLoss'))
      .on('StoreLoss', () => {
        when(wr.inReady.and(g.cnt.eq(0)), () => g.cnt.set(1));
        when(g.cnt.eq(1).and(wr.idle), () => fsm.goto('NextStep'));
      })
      .on('NextStep', () => {
        g.step.set(g.step.add(1));
        g.xPtr.set(g.xPtr.add(4 * xWords));
        g.tPtr.set(g.tPtr.add(4 * tWords));
        fsm.goto('StepCheck');
      })
      .on('StoreParamsCmd', () => command(wr, 'StoreFetch'))
      // The engine's host reads take two cycles.
      .on('StoreFetch', () => fsm.goto('StoreFetch2'))
      .on('StoreFetch2', () => fsm.goto('StoreOffer'))
      .on('StoreOffer', () =>
        when(wr.inReady, () => {
          g.cnt.set(g.cnt.add(1));
          when(g.cnt.eq(plan.paramWords - 1), () => fsm.goto('StoreWait')).otherwise(() => fsm.goto('StoreFetch'));
        }),
      )
      .on('StoreWait', () => when(wr.idle, () => fsm.goto('Done')))
      .on('Done', () => fsm.goto('Idle'));
    engineStage('FpWait', 'ErrClear');
    engineStage('BpWait', 'PuStart');
    engineStage('PuWait', 'StoreLossCmd');
    fsm.build();
    return fsm;
  }

  /** The core runs one program with three entry points: FP, BP and PU. */
  private engineStages({ eng, fsm, plan }: Parts): void {
    eng.start.set(fsm.isAny('FpStart', 'BpStart', 'PuStart'));
    const pc = (v: number) => UInt(eng.startPc.type.width).lit(v);
    eng.startPc.set(
      mux(fsm.is('FpStart'), pc(plan.stagePc.fp), mux(fsm.is('BpStart'), pc(plan.stagePc.bp), pc(plan.stagePc.pu))),
    );
  }

  /** The error pass: read Y[i] and T[i], write dY[i] = Y[i] - T[i] when it comes out of the unit. */
  private errorPass({ eng, err, fsm, regs, tWords }: Parts): void {
    const issuing = fsm.is('ErrIssue');
    err.clear.set(fsm.is('ErrClear'));
    err.inValid.set(
      this.delay(this.delay(issuing, { name: 'err_read_valid0', init: false }), {
        name: 'err_read_valid',
        init: false,
      }),
    );
    err.y.set(eng.host.rdata);
    err.t.set(eng.host.rdata2);
    err.finish.set(issuing.and(regs.cnt.eq(tWords - 1)));
  }

  /** The data memory's host ports: constants, loads, the error unit's dY, and the reads of Y, T and the store. */
  private hostPorts({ eng, err, fsm, regs, plan, at, shell }: Parts): void {
    const { cnt } = regs;
    let errIndex: Expr = cnt;
    for (let i = 0; i <= err.errorLatency + 1; i++) errIndex = this.delay(errIndex, `err_index${i}`);
    const aw = eng.host.waddr.type.width;
    const loading = fsm.isAny('LoadParams', 'LoadX', 'LoadT');
    const loadAddr = mux(
      fsm.is('LoadParams'),
      at(plan.addr.params, cnt),
      mux(fsm.is('LoadX'), at(plan.addr.x, cnt), at(plan.addr.tgt, cnt)),
    );
    const word = (v: number) => UInt(32).lit(v);
    const rd = shell.reader;
    eng.host.we.set(fsm.isAny('ConstOne', 'ConstLr').or(loading.and(rd.outValid)).or(err.eValid));
    eng.host.waddr.set(
      mux(
        fsm.is('ConstOne'),
        UInt(aw).lit(plan.addr.one),
        mux(fsm.is('ConstLr'), UInt(aw).lit(plan.addr.negLr), mux(loading, loadAddr, at(plan.addr.dY, errIndex))),
      ),
    );
    eng.host.wdata.set(
      mux(fsm.is('ConstOne'), word(FP32_ONE), mux(fsm.is('ConstLr'), regs.negLr, mux(loading, rd.outData, err.e))),
    );
    eng.host.raddr.set(mux(fsm.is('ErrIssue'), at(plan.addr.y, cnt), at(plan.addr.params, cnt)));
    eng.host.raddr2.set(at(plan.addr.tgt, cnt));
  }

  /** The AXI read and write commands and their data streams. */
  private axiCommands({ eng, fsm, regs: g, plan, xWords, tWords, shell }: Parts): void {
    const { reader: rd, writer: wr } = shell;
    const word = (v: number) => UInt(32).lit(v);
    const loading = fsm.isAny('LoadParams', 'LoadX', 'LoadT');
    const readCmd = fsm.isAny('LoadParamsCmd', 'LoadXCmd', 'LoadTCmd');
    rd.cmdValid.set(readCmd);
    rd.cmdAddr.set(mux(fsm.is('LoadParamsCmd'), g.paramsPtr, mux(fsm.is('LoadXCmd'), g.xPtr, g.tPtr)));
    rd.cmdBeats.set(
      mux(fsm.is('LoadParamsCmd'), word(plan.paramWords), mux(fsm.is('LoadXCmd'), word(xWords), word(tWords))),
    );
    rd.outReady.set(loading);
    wr.cmdValid.set(fsm.isAny('StoreLossCmd', 'StoreParamsCmd'));
    wr.cmdAddr.set(mux(fsm.is('StoreLossCmd'), g.lossPtr.add(g.step.zext(64).shl(2)), g.paramsPtr));
    wr.cmdBeats.set(mux(fsm.is('StoreLossCmd'), word(1), word(plan.paramWords)));
    wr.inValid.set(fsm.is('StoreLoss').and(g.cnt.eq(0)).or(fsm.is('StoreOffer')));
    wr.inData.set(mux(fsm.is('StoreLoss'), g.loss, eng.host.rdata));
  }

  /** Cycle counters per phase (read by test benches and the bench; not connected to any port). */
  private phaseCounters({ fsm, shell }: Parts): void {
    const counter = (name: string, phase: Expr) => {
      const c = this.reg(UInt(32), { init: 0, name });
      when(fsm.is('Idle').and(shell.control.apStart), () => c.set(0)).elsewhen(phase, () => c.set(c.add(1)));
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
  }
}

export default TtLinearTrainKernel;
