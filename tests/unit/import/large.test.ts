/**
 * A checkpoint of tens of MB (issue #14: a worker reports progress while a
 * 50 MB file is read): a 6-layer LSTM of 512 units in F32, about 48 MB, parsed
 * with progress reported in increasing fractions up to 1, its values spot-checked,
 * and its module found. No timing assertions.
 */
import { describe, expect, it } from 'vitest';
import { parseSafetensors } from '../../../src/core/import/safetensors';
import { findRecurrentModules } from '../../../src/core/import/stateDict';
import { rawFile } from './safetensorsWriter';
import { parseWeightFile } from '../../../src/params/weightFile';
import { packWeights, unpackWeights, weightsHash } from '../../../src/params/weights';

const H = 512;
const LAYERS = 6;
const ROWS = 4 * H;

/** A deterministic value for element i of tensor t (rounded to F32 when written). */
const value = (t: number, i: number) => ((((i + 1) * 2654435761 + t * 97) % 1000003) / 1000003 - 0.5) * 0.2;

describe('a 48 MB checkpoint', () => {
  it('parses, reports progress up to 1, and gives a 6-layer LSTM of 512 units', () => {
    // the tensors, in order: per layer weight_ih, weight_hh [2048, 512], bias_ih, bias_hh [2048]
    const specs: { name: string; shape: number[] }[] = [];
    for (let k = 0; k < LAYERS; k++) {
      specs.push({ name: `lstm.weight_ih_l${k}`, shape: [ROWS, H] }, { name: `lstm.weight_hh_l${k}`, shape: [ROWS, H] });
      specs.push({ name: `lstm.bias_ih_l${k}`, shape: [ROWS] }, { name: `lstm.bias_hh_l${k}`, shape: [ROWS] });
    }
    specs.push({ name: 'fc.weight', shape: [10, H] });
    const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
    let offset = 0;
    for (const s of specs) {
      const bytes = 4 * s.shape.reduce((a, b) => a * b, 1);
      header[s.name] = { dtype: 'F32', shape: s.shape, data_offsets: [offset, offset + bytes] };
      offset += bytes;
    }
    const data = new Uint8Array(offset);
    const view = new DataView(data.buffer);
    let at = 0;
    specs.forEach((s, t) => {
      const n = s.shape.reduce((a, b) => a * b, 1);
      for (let i = 0; i < n; i++, at += 4) view.setFloat32(at, value(t, i), true);
    });
    let text = JSON.stringify(header);
    text += ' '.repeat((8 - (text.length % 8)) % 8);
    const file = rawFile(text, data);
    expect(file.length).toBeGreaterThan(48e6);

    const seen: number[] = [];
    const { tensors } = parseSafetensors(file, (f) => seen.push(f));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(0.1);

    specs.forEach((s, t) => {
      const d = tensors.get(s.name)!.data;
      expect(tensors.get(s.name)!.shape).toEqual(s.shape);
      for (const i of [0, 1, 777, d.length >> 1, d.length - 1]) expect(d[i], `${s.name}[${i}]`).toBe(Math.fround(value(t, i)));
    });

    const { modules, extra } = findRecurrentModules(tensors);
    expect(modules).toHaveLength(1);
    const m = modules[0];
    expect([m.kind, m.hidden, m.input, m.layers.length, m.bias]).toEqual(['lstm', H, H, LAYERS, true]);
    expect(m.layers[5].wHh[ROWS * H - 1]).toBe(Math.fround(value(5 * 4 + 1, ROWS * H - 1)));
    expect(m.layers[3].bHh[42]).toBe(Math.fround(value(3 * 4 + 3, 42)));
    expect(extra).toEqual([{ name: 'fc.weight', shape: [10, H] }]);

    // the whole import as the worker runs it: the network, its content hash (millions of numbers packed
    // without spreading them as call arguments, which overflowed the stack), and the stored form back
    const r = parseWeightFile(file, 'big.safetensors', null);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const hash = weightsHash(r.net.weights);
    expect(hash).toMatch(/^[0-9a-f]{14}$/);
    const packed = packWeights(r.net.weights);
    expect(packed.length).toBe(2 + LAYERS * (2 * ROWS * H + 2 * ROWS));
    const back = unpackWeights(packed, r.net.model);
    expect(typeof back).not.toBe('string');
    expect(weightsHash(back as Exclude<typeof back, string>)).toBe(hash);
  }, 120_000);
});
