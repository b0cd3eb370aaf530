// Encodings of the testbench commands: binary words for the Verilator harness (protocol.ts) and text
// lines for the Icarus testbench (which reads them with $fscanf).
import { Op, readValue, SYNC_WORD, TEXT_SYNC_ANSWER, valueWords, words } from './protocol.js';

export type Want = { kind: 'bytes'; n: number } | { kind: 'lines'; n: number };

export interface Codec {
  poke(sig: number, v: bigint, width: number): Buffer;
  step(n: number): Buffer;
  peek(sig: number, width: number): [Buffer, Want];
  decodeValue(b: Buffer, width: number): bigint;
  memWrite(mem: number, addr: number, values: readonly bigint[], width: number): Buffer;
  memRead(mem: number, addr: number, count: number, width: number): [Buffer, Want];
  decodeWords(b: Buffer, count: number, width: number): bigint[];
  sync(): [Buffer, Want];
  checkSync(b: Buffer): boolean;
  quit(): Buffer;
}

const nw = (width: number): number => Math.max(1, Math.ceil(width / 32));

export const binaryCodec: Codec = {
  poke: (sig, v, width) => Buffer.concat([words(Op.poke, sig), valueWords(v, width)]),
  step: (n) => words(Op.step, n),
  peek: (sig, width) => [words(Op.peek, sig), { kind: 'bytes', n: 4 * nw(width) }],
  decodeValue: (b, width) => readValue(b, 0, width),
  memWrite: (mem, addr, values, width) =>
    Buffer.concat([words(Op.memWrite, mem, addr, values.length), ...values.map((v) => valueWords(v, width))]),
  memRead: (mem, addr, count, width) => [
    words(Op.memRead, mem, addr, count),
    { kind: 'bytes', n: 4 * nw(width) * count },
  ],
  decodeWords: (b, count, width) => Array.from({ length: count }, (_, i) => readValue(b, 4 * nw(width) * i, width)),
  sync: () => [words(Op.sync), { kind: 'bytes', n: 4 }],
  checkSync: (b) => b.readUInt32LE(0) === SYNC_WORD,
  quit: () => words(Op.quit),
};

function parseHex(line: string, width: number): bigint {
  const t = line.trim().toLowerCase();
  // Icarus prints x/z digits for unknown bits: the two-state view reads them as 0.
  return BigInt.asUintN(width, BigInt(`0x${t.replace(/[xz]/g, '0') || '0'}`));
}

// Every text command is one line "op a b hexvalue" so the testbench reads it with one $fscanf.
const line = (op: number, a: number, b: number, v = 0n): string => `${op} ${a} ${b} ${v.toString(16)}\n`;

export const textCodec: Codec = {
  poke: (sig, v, width) => Buffer.from(line(Op.poke, sig, 0, BigInt.asUintN(width, v))),
  step: (n) => Buffer.from(line(Op.step, n, 0)),
  peek: (sig) => [Buffer.from(line(Op.peek, sig, 0)), { kind: 'lines', n: 1 }],
  decodeValue: (b, width) => parseHex(b.toString(), width),
  memWrite: (mem, addr, values, width) =>
    Buffer.from(values.map((v, i) => line(Op.memWrite, mem, addr + i, BigInt.asUintN(width, v))).join('')),
  memRead: (mem, addr, count) => [
    Buffer.from(Array.from({ length: count }, (_, i) => line(Op.memRead, mem, addr + i)).join('')),
    { kind: 'lines', n: count },
  ],
  decodeWords: (b, count, width) =>
    b
      .toString()
      .split('\n')
      .slice(0, count)
      .map((l) => parseHex(l, width)),
  sync: () => [Buffer.from(line(Op.sync, 0, 0)), { kind: 'lines', n: 1 }],
  checkSync: (b) => b.toString().trim() === TEXT_SYNC_ANSWER,
  quit: () => Buffer.from(line(Op.quit, 0, 0)),
};
