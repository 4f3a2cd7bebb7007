/** The pure parts of the export menu: CSV, the JSON record, file names, the SVG recording context. */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { csvField, parseCsv, tableCsv, tablesCsv } from '../../../src/export/csv';
import { exportFileName, exportJson, reproRecord, shortHash, stateCaption, stateTag } from '../../../src/export/record';
import { SvgContext, splitAlpha } from '../../../src/export/svgContext';
import { APP_VERSION } from '../../../src/export/version';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { columnsTable, recordTable } from '../../../src/views/export/tables';
import type { DataTable } from '../../../src/export/types';

const VERSION = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks, and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
  });

  it('writes numbers as the shortest round-trip decimal and missing values as empty fields', () => {
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(1e-8)).toBe('1e-8');
    expect(csvField(-0)).toBe('0');
    for (const v of [NaN, Infinity, -Infinity, null, undefined]) expect(csvField(v)).toBe('');
    expect(csvField(true)).toBe('true');
  });

  it('one table is a plain CSV; several are separated by "# table: name" lines', () => {
    const a: DataTable = { name: 'orbit', columns: ['t', 'x'], rows: [[0, 0.1], [1, 0.36]] };
    const b: DataTable = { name: 'fixed points', columns: ['x', 'stability'], rows: [[0.75, 'unstable, "repelling"']] };
    expect(tableCsv(a)).toBe('t,x\n0,0.1\n1,0.36\n');
    expect(tablesCsv([a])).toBe(tableCsv(a));
    const both = tablesCsv([a, b]);
    expect(both).toBe('# table: orbit\nt,x\n0,0.1\n1,0.36\n\n# table: fixed points\nx,stability\n0.75,"unstable, ""repelling"""\n');
    expect(parseCsv(tableCsv(b))).toEqual([['x', 'stability'], ['0.75', 'unstable, "repelling"']]);
  });

  it('round-trips every double through a CSV field', () => {
    const xs = [Math.PI, -1 / 3, 5e-324, 1.7976931348623157e308, 123456789.12345679, 0.1 + 0.2];
    const t = columnsTable('v', { x: xs });
    const back = parseCsv(tableCsv(t)).slice(1).map((r) => Number(r[0]));
    expect(back).toEqual(xs);
  });

  it('table builders pad short columns with null and make one-row records', () => {
    expect(columnsTable('t', { a: [1, 2, 3], b: Float64Array.of(4) }).rows).toEqual([[1, 4], [2, null], [3, null]]);
    expect(recordTable('r', { lambda: 0.5, kind: 'chaotic', none: undefined })).toEqual({ name: 'r', columns: ['lambda', 'kind', 'none'], rows: [[0.5, 'chaotic', null]] });
  });
});

describe('the reproducibility record', () => {
  const d = decodeHash('#model=rnn&k=32&g=2.5&seed=9&theme=dark');
  const rec = reproRecord({ params: d.params, weights: null, panel: 'spectrum', location: 'https://lab.example/sub/#model=rnn&k=32', now: new Date('2024-05-06T07:08:09.010Z'), values: { lambdaMax: 0.12 } });

  it('names the app, its package.json version, the panel and the time', () => {
    expect(APP_VERSION).toBe(VERSION);
    expect(rec).toMatchObject({ app: 'RNN Chaos Lab', version: VERSION, panel: 'spectrum', created: '2024-05-06T07:08:09.010Z', seed: 9, model: 'rnn', weightsHash: null, values: { lambdaMax: 0.12 } });
  });

  it('carries the canonical state, and the link is the page with that state', () => {
    expect(rec.state).toBe(encodeHash({ params: d.params, weights: null }));
    expect(rec.link).toBe(`https://lab.example/sub/#${rec.state}`);
    expect(decodeHash(rec.state).params).toEqual(d.params);
    expect(decodeHash(rec.state).warnings).toEqual([]);
    expect(rec.params.g).toBe(2.5);
  });

  it('the JSON export holds the record and every table; NaN, ±∞ become null and typed arrays lists', () => {
    const json = JSON.parse(exportJson(rec, [{ name: 'spectrum', columns: ['i', 'lambda'], rows: [[1, 0.1], [2, NaN], [3, -Infinity]] }]));
    expect(json.record.state).toBe(rec.state);
    expect(json.tables.spectrum).toEqual({ columns: ['i', 'lambda'], rows: [[1, 0.1], [2, null], [3, null]] });
    const typed = JSON.parse(exportJson({ ...rec, values: { trace: Float64Array.of(1, 2) } }, []));
    expect(typed.record.values.trace).toEqual([1, 2]);
  });

  it('file names: app, panel, model-knob-seed and a short hash of the state', () => {
    expect(exportFileName('spectrum', d.params, rec.state, 'png')).toBe(`rnn-chaos-lab_spectrum_rnn-g2.5-s9-${shortHash(rec.state).slice(0, 6)}.png`);
    expect(exportFileName('cobweb', decodeHash('#model=logistic&r=3.83').params, 'x', 'csv', 'fixed points')).toMatch(/^rnn-chaos-lab_cobweb_logistic-r3\.83-[0-9a-f]{6}_fixed-points\.csv$/);
    expect(stateTag(decodeHash('#model=henon').params)).toBe('henon-a1.4-b0.3');
    expect(shortHash('a')).not.toBe(shortHash('b'));
    expect(stateCaption(d.params)).toBe('RNN · N = 32 · tanh · gauss weights · g = 2.5 · σ_b = 0.1 · seed 9');
  });
});

describe('SvgContext (canvas calls recorded as SVG)', () => {
  it('records strokes with their width, dash and colour, and merges shapes of one style', () => {
    const c = new SvgContext();
    const ctx = c.asCanvasContext();
    ctx.strokeStyle = '#c8102e';
    ctx.lineWidth = 1.5;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(10.123, 20);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = 'rgba(0, 114, 178, 0.5)';
    ctx.fillRect(1, 2, 3, 4);
    ctx.fillRect(5, 6, 7, 8);
    const svg = c.toSvg();
    expect(svg).toContain('<path fill="none" stroke="#c8102e" stroke-width="1.5" stroke-dasharray="5 4" d="M0 0L10.12 20"/>');
    expect(svg).toContain('<path fill="rgb(0,114,178)" fill-opacity="0.5" d="M1 2h3v4h-3ZM5 6h7v8h-7Z"/>');
    expect(c.shapes).toBe(3);
  });

  it('draws arcs as SVG arcs (full circles as two halves) and applies globalAlpha', () => {
    const c = new SvgContext();
    const ctx = c.asCanvasContext();
    ctx.globalAlpha = 0.25;
    ctx.beginPath();
    ctx.arc(10, 10, 3, 0, 2 * Math.PI);
    ctx.fill();
    ctx.beginPath();
    ctx.arc(0, 0, 2, 0, Math.PI / 2);
    ctx.stroke();
    const svg = c.toSvg();
    expect(svg).toContain('fill-opacity="0.25" d="M13 10A3 3 0 0 1 7 10A3 3 0 0 1 13 10"');
    expect(svg).toContain('d="M2 0A2 2 0 0 1 0 2"');
  });

  it('follows transforms, save/restore and the line scale of a projector', () => {
    const c = new SvgContext({ lineScale: 2 });
    const ctx = c.asCanvasContext();
    ctx.save();
    ctx.translate(100, 50);
    ctx.scale(2, 2);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(1, 1);
    ctx.stroke();
    ctx.restore();
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(1, 1);
    ctx.stroke();
    expect(ctx.lineWidth).toBe(1);
    expect(c.toSvg()).toContain('stroke-width="4" d="M100 50L102 52"');
    expect(c.toSvg()).toContain('stroke-width="2" d="M0 0L1 1"');
  });

  it('skips non-finite points and lone moveTos, writes text and images, ignores methods it lacks', () => {
    const c = new SvgContext({ imageHref: () => 'data:image/png;base64,AAAA' });
    const ctx = c.asCanvasContext();
    ctx.beginPath();
    ctx.moveTo(NaN, 1);
    ctx.moveTo(1, 1);
    ctx.stroke();
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.fillStyle = '#111';
    ctx.fillText('gc ≈ 1.19 <x>', 4, 12);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage({ width: 4, height: 2 } as unknown as CanvasImageSource, 0, 0, 40, 20);
    (ctx as unknown as { shadowOffsetX: number }).shadowOffsetX = 2;
    expect(() => (ctx as unknown as { filterSomething(): void }).filterSomething()).not.toThrow();
    const svg = c.toSvg();
    expect(svg).not.toContain('M1 1"');
    expect(svg).toContain('<text x="4" y="12" fill="#111" style="font: 600 12px system-ui, sans-serif">gc ≈ 1.19 &lt;x&gt;</text>');
    expect(svg).toContain('<image x="0" y="0" width="40" height="20" preserveAspectRatio="none" href="data:image/png;base64,AAAA" image-rendering="optimizeSpeed" style="image-rendering: pixelated"/>');
  });

  it('splits rgba and #rrggbbaa colours into colour and opacity', () => {
    expect(splitAlpha('rgba(1, 2, 3, 0.4)')).toEqual(['rgb(1,2,3)', 0.4]);
    expect(splitAlpha('#ff000080')).toEqual(['#ff0000', 128 / 255]);
    expect(splitAlpha('#0b4f8a')).toEqual(['#0b4f8a', 1]);
  });
});
