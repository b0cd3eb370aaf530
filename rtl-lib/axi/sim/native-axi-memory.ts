// The AXI4 memory model of memory-model.ts written in C++ for the Verilator harness (a native agent,
// sim/agents.ts): the same protocol checks, the same seeded stalls (mulberry32, prng.ts) drawn in the
// same order, the same read latency, so a kernel runs cycle for cycle as with the TypeScript model,
// without a process round trip per cycle. Commands (`AxiMemoryOp`) configure it and move bytes.
import type { NativeAgentContext, NativeAgentSpec } from '../../../sim/agents.js';

export const AxiMemoryOp = {
  /** enable throughputThresholdLo throughputThresholdHi seed readLatency */
  configure: 0,
  /** addrLo addrHi bytes data words.. (little endian) */
  write: 1,
  /** addrLo addrHi bytes -> ceil(bytes / 4) words */
  read: 2,
  /** stops answering (the ports keep their last values) */
  disable: 3,
} as const;

const SLAVE_INPUTS = ['arready', 'rvalid', 'rlast', 'rdata', 'rresp', 'awready', 'wready', 'bvalid', 'bresp'];
const MASTER_OUTPUTS = ['arvalid', 'araddr', 'arlen', 'arsize', 'arburst', 'rready', 'awvalid', 'awaddr', 'awlen'];
const MASTER_OUTPUTS2 = ['awsize', 'awburst', 'wvalid', 'wdata', 'wstrb', 'wlast', 'bready'];

/** `name` of the agent for a master port prefix (e.g. 'm_axi_gmem'). */
export const axiMemoryAgentName = (prefix: string): string => `axi_memory:${prefix}`;

/** The native agent answering the AXI4 master port `prefix` (data width up to 64 bits). */
export function nativeAxiMemory(prefix: string, dataBits: number): NativeAgentSpec {
  if (![8, 16, 32, 64].includes(dataBits))
    throw new Error(`native AXI memory: data width ${dataBits} (8 to 64 bits; wider buses use the TypeScript model)`);
  return { name: axiMemoryAgentName(prefix), cpp: (ctx) => memoryCpp(ctx, prefix, dataBits / 8) };
}

function memoryCpp(ctx: NativeAgentContext, prefix: string, bytes: number): string {
  const idx = (s: string): number => ctx.port(`${prefix}_${s}`) ?? -1;
  const ports = [...SLAVE_INPUTS, ...MASTER_OUTPUTS, ...MASTER_OUTPUTS2];
  const C = ctx.className;
  return `struct ${C} : Agent {
  ${ports.map((s) => `const int P_${s} = ${idx(s)};`).join(' ')}
  static const unsigned BYTES = ${bytes};
  const char* who = "${prefix}";
  bool enabled = false;
  uint64_t threshold = 1ull << 32; // offer when rand < threshold / 2^32; 2^32 = never stall
  uint32_t state = 1;
  uint64_t latency = 2;
  std::unordered_map<uint64_t, std::vector<uint8_t>> pages;
  struct ReadBurst { uint64_t addr; uint32_t beats, next; uint64_t readyAt; };
  struct WriteBurst { uint64_t addr; uint32_t beats, next; };
  struct Beat { uint64_t data, strb; bool last; };
  std::deque<ReadBurst> readQ; std::deque<WriteBurst> writeQ; std::deque<Beat> pendingW;
  uint64_t responses = 0;
  bool arready = false, awready = false, wready = false, rvalid = false, bvalid = false;
  uint64_t arvalid, araddr, arlen, arsize, arburst, rready, awvalid, awaddr, awlen, awsize, awburst;
  uint64_t wvalid, wdata, wstrb, wlast, bready;
  bool heldAr = false, heldAw = false, heldW = false;
  uint64_t hAr[4], hAw[4], hW[3];

  uint8_t* byteAt(uint64_t a, bool create) {
    auto it = pages.find(a >> 12);
    if (it == pages.end()) { if (!create) return nullptr; it = pages.emplace(a >> 12, std::vector<uint8_t>(4096, 0)).first; }
    return &it->second[a & 4095];
  }
  uint64_t readWord(uint64_t a) {
    uint64_t v = 0;
    for (int i = (int)BYTES - 1; i >= 0; i--) { uint8_t* p = byteAt(a + i, false); v = (v << 8) | (p ? *p : 0); }
    return v;
  }
  void writeWord(uint64_t a, uint64_t v, uint64_t strb) {
    for (unsigned i = 0; i < BYTES; i++) if ((strb >> i) & 1) *byteAt(a + i, true) = (uint8_t)(v >> (8 * i));
  }
  // mulberry32, as rtl-lib/axi/sim/prng.ts
  uint32_t next() {
    state += 0x6d2b79f5u; uint32_t t = state;
    t = (t ^ (t >> 15)) * (t | 1u);
    t ^= t + (t ^ (t >> 7)) * (t | 61u);
    return t ^ (t >> 14);
  }
  bool offer() { return threshold >= (1ull << 32) || (uint64_t)next() < threshold; }
  void fail(const std::string& m) { agentFail(who, m); }
  static std::string hex(uint64_t v) { char b[32]; snprintf(b, sizeof b, "0x%llx", (unsigned long long)v); return b; }

  void drive() override {
    if (!enabled) return;
    arready = offer(); awready = offer(); wready = offer();
    ReadBurst* head = readQ.empty() ? nullptr : &readQ.front();
    if (!rvalid && head && head->readyAt <= cycle && offer()) rvalid = true;
    if (rvalid) {
      setPort64(P_rdata, readWord(head->addr + (uint64_t)head->next * BYTES));
      setPort64(P_rlast, head->next == head->beats - 1 ? 1 : 0);
    }
    if (!bvalid && responses > 0 && offer()) bvalid = true;
    setPort64(P_arready, arready); setPort64(P_awready, awready); setPort64(P_wready, wready);
    setPort64(P_rvalid, rvalid); setPort64(P_bvalid, bvalid);
  }
  void sample() override {
    if (!enabled) return;
    arvalid = getPort64(P_arvalid); araddr = getPort64(P_araddr); arlen = getPort64(P_arlen);
    arsize = getPort64(P_arsize); arburst = getPort64(P_arburst); rready = getPort64(P_rready);
    awvalid = getPort64(P_awvalid); awaddr = getPort64(P_awaddr); awlen = getPort64(P_awlen);
    awsize = getPort64(P_awsize); awburst = getPort64(P_awburst); wvalid = getPort64(P_wvalid);
    wdata = getPort64(P_wdata); wstrb = getPort64(P_wstrb); wlast = getPort64(P_wlast); bready = getPort64(P_bready);
    if (heldAr && (arvalid != 1 || araddr != hAr[0] || arlen != hAr[1] || arsize != hAr[2] || arburst != hAr[3]))
      fail("ARVALID dropped or AR payload changed before ARREADY");
    if (heldAw && (awvalid != 1 || awaddr != hAw[0] || awlen != hAw[1] || awsize != hAw[2] || awburst != hAw[3]))
      fail("AWVALID dropped or AW payload changed before AWREADY");
    if (heldW && (wvalid != 1 || wdata != hW[0] || wstrb != hW[1] || wlast != hW[2]))
      fail("WVALID dropped or W payload changed before WREADY");
  }
  void checkBurst(const char* kind, uint64_t addr, uint64_t len, uint64_t size, uint64_t burst) {
    std::string k = kind;
    if (burst != 1) fail(k + " burst type " + std::to_string(burst) + ", only INCR (1) is supported");
    if ((1ull << size) != BYTES)
      fail(k + " burst size " + std::to_string(1ull << size) + " bytes, the bus is " + std::to_string(BYTES) + " bytes wide");
    if (addr % BYTES != 0) fail(k + " address " + hex(addr) + " is not aligned to " + std::to_string(BYTES) + " bytes");
    if ((addr % 4096) + (len + 1) * BYTES > 4096)
      fail(k + " burst at " + hex(addr) + " of " + std::to_string(len + 1) + " beats crosses a 4 KB boundary");
  }
  void commit() override {
    if (!enabled) return;
    heldAr = arvalid == 1 && !arready; if (heldAr) { hAr[0] = araddr; hAr[1] = arlen; hAr[2] = arsize; hAr[3] = arburst; }
    heldAw = awvalid == 1 && !awready; if (heldAw) { hAw[0] = awaddr; hAw[1] = awlen; hAw[2] = awsize; hAw[3] = awburst; }
    heldW = wvalid == 1 && !wready; if (heldW) { hW[0] = wdata; hW[1] = wstrb; hW[2] = wlast; }
    if (arvalid == 1 && arready) {
      checkBurst("read", araddr, arlen, arsize, arburst);
      readQ.push_back({araddr, (uint32_t)arlen + 1, 0, cycle + latency});
    }
    if (rvalid && rready == 1) {
      rvalid = false;
      ReadBurst& h = readQ.front();
      if (++h.next == h.beats) readQ.pop_front();
    }
    if (awvalid == 1 && awready) {
      checkBurst("write", awaddr, awlen, awsize, awburst);
      writeQ.push_back({awaddr, (uint32_t)awlen + 1, 0});
    }
    if (wvalid == 1 && wready) pendingW.push_back({wdata, wstrb, wlast == 1});
    // Write beats meet their bursts in order (data may come before its address, as AXI allows).
    while (!writeQ.empty() && !pendingW.empty()) {
      WriteBurst& b = writeQ.front();
      Beat beat = pendingW.front(); pendingW.pop_front();
      bool isLast = b.next == b.beats - 1;
      if (beat.last != isLast)
        fail(std::string("WLAST ") + (beat.last ? "set" : "missing") + " on beat " + std::to_string(b.next + 1) + " of a " +
             std::to_string(b.beats) + "-beat write burst at " + hex(b.addr));
      writeWord(b.addr + (uint64_t)b.next * BYTES, beat.data, beat.strb);
      b.next++;
      if (isLast) { writeQ.pop_front(); responses++; }
    }
    if (bvalid && bready == 1) { bvalid = false; responses--; }
  }
  void call(uint32_t op, const std::vector<uint32_t>& in, std::vector<uint32_t>& out) override {
    auto at = [&](size_t i) -> uint32_t { return i < in.size() ? in[i] : 0u; };
    uint64_t addr = (uint64_t)at(0) | ((uint64_t)at(1) << 32);
    switch (op) {
      case ${AxiMemoryOp.configure}:
        enabled = at(0) != 0; threshold = (uint64_t)at(1) | ((uint64_t)at(2) << 32); state = at(3); latency = at(4);
        ${SLAVE_INPUTS.map((s) => `setPort64(P_${s}, 0);`).join(' ')}
        break;
      case ${AxiMemoryOp.write}:
        for (uint32_t i = 0; i < at(2); i++) *byteAt(addr + i, true) = (uint8_t)(at(3 + i / 4) >> (8 * (i % 4)));
        break;
      case ${AxiMemoryOp.read}:
        for (uint32_t i = 0; i < at(2) && i / 4 < out.size(); i++) { uint8_t* p = byteAt(addr + i, false); out[i / 4] |= (uint32_t)(p ? *p : 0) << (8 * (i % 4)); }
        break;
      case ${AxiMemoryOp.disable}: enabled = false; break;
      default: fail("unknown command " + std::to_string(op));
    }
  }
};
`;
}
