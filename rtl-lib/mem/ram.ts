// The RAM primitives: one array with the ports a hardware engineer expects, a stated read latency and
// collision behaviour, and a ram_style for the synthesizer. All ports share the module's clock `clk`.
//
//   SinglePortRam     en, we, addr, wdata, [be], rdata          one read-write port
//   SimpleDualPortRam wr_en, wr_addr, wr_data, [wr_be]          one write port
//                     rd_en, rd_addr, rd_data                   one read port
//   TrueDualPortRam   a_en, a_we, a_addr, a_wdata, [a_be], a_rdata, and the same for b
//
// Read timing (latency L >= 1): the word at the address presented with the enable at edge t appears on
// the read data after edge t + L - 1, i.e. L cycles after the address. Without the enable the array's
// read register holds, and the L - 1 output registers behind it keep shifting, so the data output
// settles on the held word. Latency 0 (distributed/registers only) is a combinational read.
import { Module, Bool, UInt, mux, cat, type Expr, type Memory, type Signal, refuse } from '../../dsl/index.js';
import { type RamConfig, type ResolvedRamConfig, resolveRamConfig, describeRam } from './ram-config.js';

/** One port's read request as the read path needs it. */
interface ReadRequest {
  addr: Expr;
  /** Read enable (the whole port's enable for a read-write port). */
  en: Expr;
  /** For a read-write port: its write enable (no-change holds the data while writing). */
  we?: Expr;
  /** Write-first: where a write of the same word happens in this cycle, and its data and lanes. */
  bypass?: { hit: Expr; data: Expr; be: Expr };
}

abstract class RamBase extends Module {
  readonly config: ResolvedRamConfig;
  protected readonly array: Memory;

  constructor(cfg: RamConfig, kind: string) {
    const r = resolveRamConfig(cfg);
    super({ kind, config: describeRam(r) });
    this.config = r;
    this.array = this.memory(UInt(r.width), r.depth, {
      name: 'mem',
      ...(r.init ? { init: r.init } : {}),
      ...(r.style !== 'auto' ? { attrs: { ramStyle: r.style } } : {}),
    });
  }

  /** Write port `port` of the array: under `en`, with lanes `be` when byte enables are configured. */
  protected writeArray(port: number, en: Expr, addr: Expr, data: Expr, be: Expr | undefined): void {
    const c = this.config;
    // Address and data go to the array unconditionally and only the enable is gated: inside a
    // when() they would default to 0 elsewhere and cost a multiplexer per bit.
    if (be) this.array.write(addr, data, { port, mask: be, maskGranularity: c.byteWidth });
    else this.array.write(addr, data, { port });
    this.array.writePorts[port]!.en.set(en);
  }

  /** The read path of one port: array read, write-first bypass, output registers. */
  protected readPath(req: ReadRequest, prefix: string): Expr {
    const c = this.config;
    if (c.latency === 0) return this.array.read(req.addr, { sync: false, name: `${prefix}raw` });
    const enable = c.collision === 'no-change' && req.we ? req.en.and(req.we.not()) : req.en;
    const raw = this.array.read(req.addr, { enable, name: `${prefix}raw` });
    let stage: Expr = raw;
    if (c.collision === 'write-first' && req.bypass) {
      // The array reads first; registers beside it remember what was written to the word just read,
      // and load only with the read enable so that a held output stays the merged word.
      const hit = this.reg(Bool(), { name: `${prefix}bypass_hit`, enable: req.en, init: 0, reset: 'none' });
      const data = this.reg(UInt(c.width), { name: `${prefix}bypass_data`, enable: req.en });
      const be = this.reg(UInt(c.lanes), { name: `${prefix}bypass_be`, enable: req.en });
      hit.set(req.bypass.hit);
      data.set(req.bypass.data);
      be.set(req.bypass.be);
      stage = mux(hit, mergeLanes(be, data, raw, c.byteWidth), raw);
    }
    for (let i = 2; i <= c.latency; i++) stage = this.delay(stage, { name: `${prefix}out_q${i}` });
    return stage;
  }

  /** Creates the ports of one read-write port (names prefixed `p`) and wires its write and read paths. */
  protected readWritePort(p: string, index: number): ReadWritePort {
    const c = this.config;
    const en = this.input(Bool(), `${p}en`);
    const we = this.input(Bool(), `${p}we`);
    const addr = this.input(UInt(c.addrWidth), `${p}addr`);
    const wdata = this.input(UInt(c.width), `${p}wdata`);
    const be = c.byteEnables ? this.input(UInt(c.lanes), `${p}be`) : undefined;
    const rdata = this.output(UInt(c.width), `${p}rdata`);
    this.writeArray(index, en.and(we), addr, wdata, be);
    rdata.set(this.readPath({ addr, en, we, bypass: { hit: we, data: wdata, be: be ?? allLanes(c.lanes) } }, p));
    return { en, we, addr, wdata, be, rdata };
  }
}

const allLanes = (lanes: number): Expr => UInt(lanes).lit((1n << BigInt(lanes)) - 1n);

/** For each lane: the new data where its enable bit is set, else the old word's lane. */
function mergeLanes(be: Expr, data: Expr, old: Expr, laneWidth: number): Expr {
  const lanes = be.width;
  if (lanes === 1) return mux(be, data, old);
  const parts: Expr[] = [];
  for (let i = lanes - 1; i >= 0; i--) {
    const hi = (i + 1) * laneWidth - 1;
    const lo = i * laneWidth;
    parts.push(mux(be.bit(i), data.slice(hi, lo), old.slice(hi, lo)));
  }
  return cat(...parts);
}

/** Ports of one read-write port. */
export interface ReadWritePort {
  en: Signal;
  we: Signal;
  addr: Signal;
  wdata: Signal;
  /** Present with byte enables. */
  be: Signal | undefined;
  rdata: Signal;
}

export class SinglePortRam extends RamBase {
  readonly en: Signal;
  readonly we: Signal;
  readonly addr: Signal;
  readonly wdata: Signal;
  readonly be: Signal | undefined;
  readonly rdata: Signal;

  constructor(cfg: RamConfig) {
    super(cfg, 'single-port');
    ({
      en: this.en,
      we: this.we,
      addr: this.addr,
      wdata: this.wdata,
      be: this.be,
      rdata: this.rdata,
    } = this.readWritePort('', 0));
  }
}

export class TrueDualPortRam extends RamBase {
  readonly a: ReadWritePort;
  readonly b: ReadWritePort;

  constructor(cfg: RamConfig) {
    super(cfg, 'true-dual-port');
    if (this.config.latency === 0)
      refuse('TTF140', 'RAM configuration: a true dual port RAM reads synchronously (latency >= 1)');
    // URAM288's two ports are read-write with NO_CHANGE reads and a fixed cross-port order (a read on
    // B sees A's write, a read on A does not see B's): Yosys finds no mapping for this model's
    // symmetric read-before-write ports, so two read-write ports are block RAM only.
    if (this.config.style === 'ultra')
      refuse(
        'TTF140',
        "RAM configuration: a true dual port RAM cannot be 'ultra' (URAM288's port semantics differ); use 'block', or a simple dual port UltraRAM",
      );
    this.a = this.readWritePort('a_', 0);
    this.b = this.readWritePort('b_', 1);
  }
}

export class SimpleDualPortRam extends RamBase {
  readonly wr_en: Signal;
  readonly wr_addr: Signal;
  readonly wr_data: Signal;
  readonly wr_be: Signal | undefined;
  readonly rd_en: Signal;
  readonly rd_addr: Signal;
  readonly rd_data: Signal;

  constructor(cfg: RamConfig) {
    super(cfg, 'simple-dual-port');
    const c = this.config;
    if (c.collision === 'no-change')
      refuse(
        'TTF140',
        "RAM configuration: 'no-change' applies to a read-write port; a simple dual port RAM is read-first or write-first",
      );
    this.wr_en = this.input(Bool(), 'wr_en');
    this.wr_addr = this.input(UInt(c.addrWidth), 'wr_addr');
    this.wr_data = this.input(UInt(c.width), 'wr_data');
    this.wr_be = c.byteEnables ? this.input(UInt(c.lanes), 'wr_be') : undefined;
    this.rd_en = this.input(Bool(), 'rd_en');
    this.rd_addr = this.input(UInt(c.addrWidth), 'rd_addr');
    this.rd_data = this.output(UInt(c.width), 'rd_data');
    this.writeArray(0, this.wr_en, this.wr_addr, this.wr_data, this.wr_be);
    const hit = this.wr_en.and(this.wr_addr.eq(this.rd_addr));
    const data = this.readPath(
      { addr: this.rd_addr, en: this.rd_en, bypass: { hit, data: this.wr_data, be: this.wr_be ?? allLanes(c.lanes) } },
      'rd_',
    );
    // An asynchronous read (latency 0) ignores rd_en; the port stays for a uniform interface.
    this.rd_data.set(data);
  }
}
