import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { PARAM_ORDER, PARAM_SPECS, type ParamSpec } from '../../../src/params/spec';
import { formatValue } from '../../../src/params/url';

describe('user documentation', () => {
  it('docs/url.md documents every link key with its current range and default', () => {
    const doc = fs.readFileSync('docs/url.md', 'utf8');
    for (const k of PARAM_ORDER) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${k}\` |`));
      expect(row, `no row for ${k}`).toBeTruthy();
      const s: ParamSpec = PARAM_SPECS[k];
      if (s.kind === 'float' || s.kind === 'int') {
        expect(row).toContain(`${s.min} … ${s.max}`);
        expect(row).toContain(`| ${formatValue(k, s.default)} |`);
      }
      if (s.kind === 'enum') for (const v of s.values) expect(row).toContain(v === '' ? '(empty)' : `\`${v}\``);
    }
  });
});
