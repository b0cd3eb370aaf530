// Loads ATIS in the JointBERT layout: <dir>/{train,dev,test}/{seq.in,seq.out,label} aligned line by line,
// plus <dir>/intent_label.txt and <dir>/slot_label.txt.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../dsl/diagnostics.js';
import { UNK_LABEL, type AtisCorpus, type Utterance } from './corpus.js';

export const SPLITS = ['train', 'dev', 'test'] as const;
export type Split = (typeof SPLITS)[number];

function readLines(file: string): string[] {
  if (!existsSync(file)) throw new UserError(`ATIS: missing file ${file}`);
  const text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const words = (line: string) =>
  line
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);

/** One split; throws UserError naming file and line when the three files disagree. */
export function loadSplit(dir: string, split: Split): Utterance[] {
  const base = path.join(dir, split);
  const seqIn = readLines(path.join(base, 'seq.in'));
  const seqOut = readLines(path.join(base, 'seq.out'));
  const labels = readLines(path.join(base, 'label'));
  if (seqIn.length !== seqOut.length || seqIn.length !== labels.length) {
    throw new UserError(
      `ATIS ${base}: seq.in has ${seqIn.length} lines, seq.out ${seqOut.length}, label ${labels.length}`,
    );
  }
  return seqIn.map((line, i) => {
    const w = words(line);
    const t = words(seqOut[i]!);
    if (w.length === 0) throw new UserError(`ATIS ${path.join(base, 'seq.in')}:${i + 1}: empty utterance`);
    if (w.length !== t.length) {
      throw new UserError(`ATIS ${path.join(base, 'seq.out')}:${i + 1}: ${t.length} tags for ${w.length} words`);
    }
    return { words: w, tags: t, intent: labels[i]!.trim() };
  });
}

/** A label file: one name per line. PAD is dropped (never a class); UNK is forced to index 0. */
export function loadLabelTable(file: string): string[] {
  const names = readLines(file)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && l !== 'PAD');
  return [UNK_LABEL, ...names.filter((n) => n !== UNK_LABEL)];
}

export function loadAtis(dir: string): AtisCorpus {
  if (!existsSync(dir)) throw new UserError(`ATIS data directory ${dir} does not exist`);
  return {
    source: path.resolve(dir),
    train: loadSplit(dir, 'train'),
    dev: loadSplit(dir, 'dev'),
    test: loadSplit(dir, 'test'),
    intentLabels: loadLabelTable(path.join(dir, 'intent_label.txt')),
    slotLabels: loadLabelTable(path.join(dir, 'slot_label.txt')),
  };
}

/** The shared copy beside the repository (../shared/data/atis from the repo root), if present. */
export function defaultAtisDir(repoRoot: string): string | undefined {
  const dir = path.resolve(repoRoot, '..', 'shared', 'data', 'atis');
  return existsSync(path.join(dir, 'train', 'seq.in')) ? dir : undefined;
}
