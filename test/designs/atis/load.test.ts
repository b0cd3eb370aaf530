import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../../../dsl/diagnostics.js';
import { defaultAtisDir, loadAtis, loadLabelTable, loadSplit } from '../../../designs/atis/load.js';

/** Writes a small ATIS-format directory. */
function fixture(root: string, splits: Record<string, { seqIn: string[]; seqOut: string[]; label: string[] }>): void {
  for (const [name, s] of Object.entries(splits)) {
    mkdirSync(path.join(root, name), { recursive: true });
    writeFileSync(path.join(root, name, 'seq.in'), `${s.seqIn.join('\n')}\n`);
    writeFileSync(path.join(root, name, 'seq.out'), `${s.seqOut.join('\n')}\n`);
    writeFileSync(path.join(root, name, 'label'), `${s.label.join('\n')}\n`);
  }
  writeFileSync(path.join(root, 'intent_label.txt'), 'UNK\natis_airfare\natis_flight\n');
  writeFileSync(
    path.join(root, 'slot_label.txt'),
    'PAD\nUNK\nO\nB-toloc.city_name\nB-fromloc.city_name\nI-fromloc.city_name\n',
  );
}

const split = {
  seqIn: ['i want to fly from new york to boston', 'cheapest fare to denver'],
  seqOut: ['O O O O O B-fromloc.city_name I-fromloc.city_name O B-toloc.city_name', 'O O O B-toloc.city_name'],
  label: ['atis_flight', 'atis_airfare'],
};

describe('atis/load', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'atis-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the three aligned files of every split and the label tables', () => {
    fixture(dir, {
      train: split,
      dev: split,
      test: { seqIn: ['to boston'], seqOut: ['O B-toloc.city_name'], label: ['atis_flight'] },
    });
    const c = loadAtis(dir);
    assert.equal(c.train.length, 2);
    assert.deepEqual(c.train[0]!.words.slice(5, 7), ['new', 'york']);
    assert.deepEqual(c.train[0]!.tags.slice(5, 7), ['B-fromloc.city_name', 'I-fromloc.city_name']);
    assert.equal(c.train[1]!.intent, 'atis_airfare');
    assert.equal(c.test.length, 1);
    assert.deepEqual(c.intentLabels, ['UNK', 'atis_airfare', 'atis_flight']);
    // PAD is not a class; UNK first.
    assert.deepEqual(c.slotLabels, ['UNK', 'O', 'B-toloc.city_name', 'B-fromloc.city_name', 'I-fromloc.city_name']);
  });

  it('rejects files of different lengths and tag counts that do not match the words, naming the line', () => {
    fixture(dir, { train: { ...split, label: ['atis_flight'] } });
    assert.throws(
      () => loadSplit(dir, 'train'),
      (e: Error) => e instanceof UserError && /2 lines.*label 1/.test(e.message),
    );
    fixture(dir, { train: { ...split, seqOut: [split.seqOut[0]!, 'O O'] } });
    assert.throws(
      () => loadSplit(dir, 'train'),
      (e: Error) => e instanceof UserError && /seq\.out:2: 2 tags for 4 words/.test(e.message),
    );
  });

  it('reports a missing directory as a user error', () => {
    assert.throws(() => loadAtis(path.join(dir, 'nope')), UserError);
  });

  it('loads the real ATIS set when it is present (4478/500/893, 22 intents, 121 slot tags)', function () {
    const real = defaultAtisDir(path.resolve('.'));
    if (!real) {
      console.log('      (skipped: ../shared/data/atis is absent)');
      this.skip();
    }
    const c = loadAtis(real!);
    assert.deepEqual([c.train.length, c.dev.length, c.test.length], [4478, 500, 893]);
    assert.equal(c.intentLabels.length, 22);
    assert.equal(c.slotLabels.length, 121);
    assert.equal(loadLabelTable(path.join(real!, 'slot_label.txt'))[0], 'UNK');
  });
});
