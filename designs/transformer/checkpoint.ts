// Checkpoint files: 'TTFCKPT1', a little-endian u32 header length, a JSON header, zero padding to a
// multiple of 8, then the arrays' raw little-endian bytes in header order. The header carries an FNV-1a
// checksum of the payload, so a truncated or damaged file is refused on load. Saving writes a temporary
// file beside the target, flushes it to disk and renames it over the target: a crash mid-write leaves
// the previous good checkpoint in place.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import type { Arr } from './precision.js';

const MAGIC = 'TTFCKPT1';

export interface CheckpointArray {
  name: string;
  data: Arr;
}
interface ArrayEntry {
  name: string;
  dtype: 'f32' | 'f64';
  length: number;
}
interface Header {
  meta: unknown;
  arrays: ArrayEntry[];
  payloadBytes: number;
  checksum: number;
}

export class CheckpointError extends Error {}

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

const bytesOf = (a: Arr) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Serialises to bytes (host byte order is little-endian on every machine Node supports here). */
export function encodeCheckpoint(meta: unknown, arrays: CheckpointArray[]): Uint8Array {
  const payloadBytes = arrays.reduce((s, a) => s + a.data.byteLength, 0);
  const payload = new Uint8Array(payloadBytes);
  let o = 0;
  for (const a of arrays) {
    payload.set(bytesOf(a.data), o);
    o += a.data.byteLength;
  }
  const header: Header = {
    meta,
    payloadBytes,
    checksum: fnv1a(payload),
    arrays: arrays.map((a) => ({
      name: a.name,
      dtype: a.data instanceof Float32Array ? 'f32' : 'f64',
      length: a.data.length,
    })),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((12 + json.length) / 8) * 8;
  const out = new Uint8Array(start + payloadBytes);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(payload, start);
  return out;
}

export function decodeCheckpoint(bytes: Uint8Array): { meta: unknown; arrays: Map<string, Arr> } {
  const fail = (why: string): never => {
    throw new CheckpointError(`not a valid checkpoint: ${why}`);
  };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) fail('bad magic');
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  if (12 + len > bytes.length) fail('header truncated');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + len))) as Header;
  } catch {
    return fail('header is not JSON');
  }
  const start = Math.ceil((12 + len) / 8) * 8;
  if (bytes.length !== start + header.payloadBytes)
    fail(`payload has ${bytes.length - start} bytes, header says ${header.payloadBytes}`);
  const payload = bytes.slice(start);
  if (fnv1a(payload) !== header.checksum) fail('checksum mismatch');
  const arrays = new Map<string, Arr>();
  let o = 0;
  for (const e of header.arrays) {
    const size = e.dtype === 'f32' ? 4 : 8;
    // Copy out each array: a float32 array of odd length leaves the next one unaligned for Float64Array.
    const own = payload.slice(o, o + e.length * size).buffer;
    arrays.set(e.name, e.dtype === 'f32' ? new Float32Array(own) : new Float64Array(own));
    o += e.length * size;
  }
  return { meta: header.meta, arrays };
}

/**
 * Writes atomically: temp file, fsync, rename. `beforeRename` lets tests simulate a crash between the
 * write and the rename.
 */
export function saveCheckpoint(
  file: string,
  meta: unknown,
  arrays: CheckpointArray[],
  beforeRename?: (tmp: string) => void,
): void {
  const bytes = encodeCheckpoint(meta, arrays);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    beforeRename?.(tmp);
    renameSync(tmp, file);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
}

export function loadCheckpoint(file: string): { meta: unknown; arrays: Map<string, Arr> } {
  return decodeCheckpoint(new Uint8Array(readFileSync(file)));
}
