/**
 * Rewrites the key table of docs/url.md from the parameter table
 * (src/params/spec.ts), so the documentation cannot drift from the code:
 * `npm run docs:url`. tests/unit/docs.test.ts checks the result.
 */
import fs from 'node:fs';
import { PARAM_ORDER, PARAM_SPECS, type ParamSpec } from '../src/params/spec';
import { formatValue } from '../src/params/url';
import { MODEL_SPECIFIC_KEYS, modelsOfKey } from '../src/core/models';

const rows: string[] = ['| key | meaning | values | default |', '|---|---|---|---|'];
for (const k of PARAM_ORDER) {
  const s: ParamSpec = PARAM_SPECS[k];
  let values = '';
  let def = '';
  switch (s.kind) {
    case 'enum':
      values = s.values.map((v) => (v === '' ? '(empty)' : `\`${v}\``)).join(', ');
      def = s.default === '' ? '(empty)' : `\`${s.default}\``;
      break;
    case 'float':
      values = `${s.min} … ${s.max}, step ${s.step}`;
      def = formatValue(k, s.default);
      break;
    case 'int':
      values = `whole numbers ${s.min} … ${s.max}`;
      def = String(s.default);
      break;
    case 'log':
      values = `${s.min} … ${s.max} (3 significant digits)`;
      def = formatValue(k, s.default);
      break;
    case 'intlist':
      values = `comma-separated subset of ${s.min} … ${s.max}`;
      def = s.default.join(',');
      break;
    case 'keylist':
      values = `comma-separated subset of ${s.values.map((v) => `\`${v}\``).join(', ')}`;
      def = '(empty)';
      break;
    case 'tour':
      values = 'comma-separated steps (see below)';
      def = '(empty)';
      break;
    case 'overrides':
      values = 'comma-separated `key:value` pairs of scalar keys (not the view, look or lecture keys)';
      def = '(empty)';
      break;
    case 'coord':
      values = 'number (10 significant digits)' + (s.optional ? '; absent = automatic' : '');
      def = s.optional ? 'absent' : 'per parameter';
      break;
  }
  const models = MODEL_SPECIFIC_KEYS.has(k) && k !== 'model' ? ` (${modelsOfKey(k).join(', ')})` : '';
  const omitted = s.group === 'lecture' ? ' Left out of the link while at its default.' : '';
  rows.push(`| \`${k}\` | ${s.label}${models}: ${s.help}${omitted} | ${values} | ${def} |`);
}

const file = 'docs/url.md';
const doc = fs.readFileSync(file, 'utf8').split('\n');
const start = doc.findIndex((l) => l.startsWith('| key | meaning |'));
let end = start;
while (end < doc.length && doc[end].startsWith('|')) end++;
if (start < 0) throw new Error('docs/url.md has no key table');
doc.splice(start, end - start, ...rows);
fs.writeFileSync(file, doc.join('\n'));
console.log(`docs/url.md: ${rows.length - 2} keys`);
