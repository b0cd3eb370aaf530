// The binary protocol between TypeScript and a simulator harness: little-endian 32-bit words.
//   1 sig words..            poke            2 n                 step n edges
//   3 sig        -> words    peek            4 mem addr n words.. write memory
//   5 mem addr n -> words    read memory     6 cycles nin nout ins.. outs.. then per cycle input words
//                                                                -> per cycle output words (vectors)
//   7            -> 0xacc0acc0  sync         8 name width -> ok   register an internal signal (VPI)
//   9 name width -> ok       register memory 10                  quit (closes the VCD)
//  11 agent op nin nout ins.. -> nout words   a command to a host-side agent compiled into the harness
//  12 max kind sig value.. -> cycles met      run edge by edge until the condition holds after an edge
//                                             (kind 0: every agent idle; 1: signal `sig` equals the value)
// Names are sent as a byte count and the bytes padded to a multiple of 4.
export const Op = {
  poke: 1,
  step: 2,
  peek: 3,
  memWrite: 4,
  memRead: 5,
  vectors: 6,
  sync: 7,
  regSignal: 8,
  regMemory: 9,
  quit: 10,
  agentCall: 11,
  runUntil: 12,
} as const;

/** Conditions of `runUntil`. */
export const RunCondition = { agentsIdle: 0, signalEquals: 1 } as const;
export const SYNC_WORD = 0xacc0acc0;
/** The Icarus testbench's answer to sync, a text line. */
export const TEXT_SYNC_ANSWER = (SYNC_WORD >>> 16).toString(16);

export function words(...xs: number[]): Buffer {
  const b = Buffer.alloc(4 * xs.length);
  xs.forEach((x, i) => b.writeUInt32LE(x >>> 0, 4 * i));
  return b;
}

export function nameWords(name: string): Buffer {
  const bytes = Buffer.from(name, 'utf8');
  const padded = Buffer.alloc(4 + Math.ceil(bytes.length / 4) * 4);
  padded.writeUInt32LE(bytes.length, 0);
  bytes.copy(padded, 4);
  return padded;
}

export function valueWords(v: bigint, width: number): Buffer {
  const n = Math.max(1, Math.ceil(width / 32));
  const b = Buffer.alloc(4 * n);
  let x = BigInt.asUintN(width, v);
  for (let i = 0; i < n; i++) {
    b.writeUInt32LE(Number(x & 0xffffffffn), 4 * i);
    x >>= 32n;
  }
  return b;
}

export function readValue(b: Buffer, at: number, width: number): bigint {
  const n = Math.max(1, Math.ceil(width / 32));
  if (n === 1) return BigInt.asUintN(width, BigInt(b.readUInt32LE(at)));
  let x = 0n;
  for (let i = n - 1; i >= 0; i--) x = (x << 32n) | BigInt(b.readUInt32LE(at + 4 * i));
  return BigInt.asUintN(width, x);
}
