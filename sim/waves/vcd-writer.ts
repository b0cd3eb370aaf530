// Writes a Value Change Dump: a header with the hierarchy of named signals, then only the values that
// changed at each time. Several names may share one identifier (aliases of one net).
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';

export interface VcdVar {
  names: string[];
  width: number;
}

function idCode(i: number): string {
  let s = '';
  do {
    s += String.fromCharCode(33 + (i % 94));
    i = Math.floor(i / 94);
  } while (i > 0);
  return s;
}

export class VcdWriter {
  private readonly out: WriteStream;
  private readonly last: (bigint | undefined)[];
  private time = -1;
  private pending = '';

  constructor(
    file: string,
    private readonly vars: readonly VcdVar[],
    topName: string,
  ) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.out = createWriteStream(file);
    this.last = vars.map(() => undefined);
    this.out.write(header(vars, topName));
  }

  /** Records the values (one per var) at `time`; only changes are written. */
  sample(time: number, values: (i: number) => bigint): void {
    let text = '';
    for (let i = 0; i < this.vars.length; i++) {
      const v = values(i);
      if (this.last[i] === v) continue;
      this.last[i] = v;
      const w = this.vars[i]!.width;
      text += w === 1 ? `${v}${idCode(i)}\n` : `b${v.toString(2)} ${idCode(i)}\n`;
    }
    if (!text) return;
    if (time !== this.time) {
      this.pending += `#${time}\n`;
      this.time = time;
    }
    this.pending += text;
    if (this.pending.length > 1 << 16) {
      this.out.write(this.pending);
      this.pending = '';
    }
  }

  close(): Promise<void> {
    this.out.write(this.pending);
    this.pending = '';
    return new Promise((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

function header(vars: readonly VcdVar[], topName: string): string {
  // Build a scope tree from dotted names.
  interface Scope {
    vars: string[];
    subs: Map<string, Scope>;
  }
  const root: Scope = { vars: [], subs: new Map() };
  vars.forEach((v, i) => {
    for (const name of v.names) {
      const parts = name.split('.');
      let s = root;
      for (const p of parts.slice(0, -1)) {
        let n = s.subs.get(p);
        if (!n) {
          n = { vars: [], subs: new Map() };
          s.subs.set(p, n);
        }
        s = n;
      }
      const leaf = parts[parts.length - 1]!;
      s.vars.push(`$var wire ${v.width} ${idCode(i)} ${leaf}${v.width > 1 ? ` [${v.width - 1}:0]` : ''} $end`);
    }
  });
  const lines = ['$date ttforge simulation $end', '$version ttforge built-in simulator $end', '$timescale 1ns $end'];
  const emit = (name: string, s: Scope): void => {
    lines.push(`$scope module ${name} $end`, ...s.vars);
    for (const [n, sub] of s.subs) emit(n, sub);
    lines.push('$upscope $end');
  };
  emit(topName, root);
  lines.push('$enddefinitions $end', '');
  return lines.join('\n');
}
