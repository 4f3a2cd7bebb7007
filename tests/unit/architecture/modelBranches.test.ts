/**
 * Outside the model registry (src/core/models) no code branches on a model's
 * name: it asks the registry what the model has. A few justified exceptions
 * are allowed (at most 5 in all), each listed here with its reason.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODEL_IDS } from '../../../src/core/models';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** file → why it may name a model */
const EXCEPTIONS: Record<string, string> = {
  'src/params/trainRequests.ts': "the training lab's 'rnn' data follow the link's random RNN when the link shows one",
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('no branches on model names', () => {
  it('outside src/core/models, a model is never compared with its name (but for the listed exceptions)', () => {
    const ids = MODEL_IDS.join('|');
    const branch = new RegExp(`\\bmodel\\s*[!=]==?\\s*'(${ids})'|'(${ids})'\\s*[!=]==?\\s*[\\w.]*model\\b|switch\\s*\\([^)]*\\bmodel\\)`, 'g');
    const found: string[] = [];
    for (const f of [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'workers'))]) {
      const rel = relative(ROOT, f).split('\\').join('/');
      if (rel.startsWith('src/core/models/')) continue;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(branch)) if (!EXCEPTIONS[rel]) found.push(`${rel}: ${m[0]}`);
    }
    expect(found).toEqual([]);
    expect(Object.keys(EXCEPTIONS).length).toBeLessThanOrEqual(5);
  });
});
