// The AXI4-Lite host of control-host.ts written in C++ for the Verilator harness (a native agent,
// sim/agents.ts). The testbench queues register operations; the agent performs them one after another,
// cycle for cycle as control-host.ts does (the same pokes in the same cycles), and the testbench waits
// with `runUntil({ agentsIdle: true })`, which runs free inside the simulator: polling CTRL for
// ap_done over a long kernel run costs no round trip per poll.
import type { NativeAgentContext, NativeAgentSpec } from '../../../sim/agents.js';

export const AxiLiteHostOp = {
  /** addr data strobe */
  write: 0,
  /** addr */
  read: 1,
  /** addr mask maxPolls: reads addr until (data & mask) != 0, at most maxPolls reads */
  poll: 2,
  /**
   * words -> that many words of finished operations, 5 each, oldest first: data (read) or BRESP
   * (write), reads made, ok, the cycle it began, the cycle after its last edge (both mod 2^32)
   */
  take: 3,
  /** -> number of finished operations not yet taken */
  finished: 4,
} as const;

const INPUTS = ['awaddr', 'awvalid', 'wdata', 'wstrb', 'wvalid', 'bready', 'araddr', 'arvalid', 'rready'];
const OUTPUTS = ['awready', 'wready', 'bvalid', 'bresp', 'arready', 'rvalid', 'rdata'];

export const axiLiteHostAgentName = (prefix: string): string => `axi_lite_host:${prefix}`;

/** The native agent driving the AXI4-Lite slave port `prefix` (e.g. 's_axi_control'). */
export function nativeAxiLiteHost(prefix = 's_axi_control'): NativeAgentSpec {
  return { name: axiLiteHostAgentName(prefix), cpp: (ctx) => hostCpp(ctx, prefix) };
}

function hostCpp(ctx: NativeAgentContext, prefix: string): string {
  const idx = (s: string): number => {
    const i = ctx.port(`${prefix}_${s}`);
    if (i === undefined) throw new Error(`native AXI4-Lite host: the design has no port ${prefix}_${s}`);
    return i;
  };
  const C = ctx.className;
  return `struct ${C} : Agent {
  ${[...INPUTS, ...OUTPUTS].map((s) => `const int P_${s} = ${idx(s)};`).join(' ')}
  enum State { IDLE, W_ADDR, W_RESP, R_ADDR, R_DATA };
  struct Op { uint32_t kind; uint64_t addr; uint32_t data, strb, mask, maxPolls; };
  std::deque<Op> queue; std::deque<uint32_t> results;
  State st = IDLE; Op cur{}; bool aw = false, w = false; uint32_t reads = 0; uint32_t began = 0;
  uint64_t s_awready = 0, s_wready = 0, s_bvalid = 0, s_bresp = 0, s_arready = 0, s_rvalid = 0, s_rdata = 0;

  bool idle() override { return st == IDLE && queue.empty(); }
  void startRead() { setPort64(P_araddr, cur.addr); setPort64(P_arvalid, 1); st = R_ADDR; reads++; }
  void finish(uint32_t value, bool ok) {
    for (uint32_t x : {value, reads, ok ? 1u : 0u, began, (uint32_t)cycle}) results.push_back(x);
    st = IDLE;
  }
  void drive() override {
    if (st != IDLE || queue.empty()) return;
    cur = queue.front(); queue.pop_front(); reads = 0; began = (uint32_t)cycle;
    if (cur.kind == ${AxiLiteHostOp.write}) {
      setPort64(P_awaddr, cur.addr); setPort64(P_awvalid, 1);
      setPort64(P_wdata, cur.data); setPort64(P_wstrb, cur.strb); setPort64(P_wvalid, 1);
      aw = w = false; st = W_ADDR;
    } else startRead();
  }
  void sample() override {
    if (st == IDLE) return;
    s_awready = getPort64(P_awready); s_wready = getPort64(P_wready); s_bvalid = getPort64(P_bvalid);
    s_bresp = getPort64(P_bresp); s_arready = getPort64(P_arready); s_rvalid = getPort64(P_rvalid); s_rdata = getPort64(P_rdata);
  }
  void commit() override {
    switch (st) {
      case IDLE: break;
      case W_ADDR:
        if (!aw && s_awready == 1) { aw = true; setPort64(P_awvalid, 0); }
        if (!w && s_wready == 1) { w = true; setPort64(P_wvalid, 0); }
        if (aw && w) { setPort64(P_bready, 1); st = W_RESP; }
        break;
      case W_RESP:
        if (s_bvalid == 1) { setPort64(P_bready, 0); finish((uint32_t)s_bresp, s_bresp == 0); }
        break;
      case R_ADDR:
        if (s_arready == 1) { setPort64(P_arvalid, 0); setPort64(P_rready, 1); st = R_DATA; }
        break;
      case R_DATA:
        if (s_rvalid == 1) {
          setPort64(P_rready, 0);
          uint32_t data = (uint32_t)s_rdata;
          if (cur.kind != ${AxiLiteHostOp.poll} || (data & cur.mask) != 0) finish(data, true);
          else if (reads >= cur.maxPolls) finish(data, false);
          else startRead();
        }
        break;
    }
  }
  void call(uint32_t op, const std::vector<uint32_t>& in, std::vector<uint32_t>& out) override {
    auto at = [&](size_t i) -> uint32_t { return i < in.size() ? in[i] : 0u; };
    switch (op) {
      case ${AxiLiteHostOp.write}: queue.push_back({op, at(0), at(1), at(2), 0, 0}); break;
      case ${AxiLiteHostOp.read}: queue.push_back({op, at(0), 0, 0, 0, 1}); break;
      case ${AxiLiteHostOp.poll}: queue.push_back({op, at(0), 0, 0, at(1), at(2)}); break;
      case ${AxiLiteHostOp.take}:
        for (size_t i = 0; i < out.size() && !results.empty(); i++) { out[i] = results.front(); results.pop_front(); }
        break;
      case ${AxiLiteHostOp.finished}: if (!out.empty()) out[0] = (uint32_t)(results.size() / 5); break;
      default: agentFail("${prefix}", "unknown command " + std::to_string(op));
    }
  }
};
`;
}
