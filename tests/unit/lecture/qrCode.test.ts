/** The audience QR code decodes back to the exact link (checked with an independent decoder, jsQR). */
import { describe, expect, it } from 'vitest';
import jsQR from 'jsqr';
import { qrModules } from '../../../src/views/lecture/qr';
import { decodeHash, encodeHash } from '../../../src/params/url';

function decode(text: string): string | null {
  const qr = qrModules(text);
  if (!qr) return null;
  const cell = 4;
  const n = (qr.count + 8) * cell;
  const px = new Uint8ClampedArray(n * n * 4).fill(255);
  for (let r = 0; r < qr.count; r++)
    for (let c = 0; c < qr.count; c++) {
      if (!qr.dark[r * qr.count + c]) continue;
      for (let y = 0; y < cell; y++)
        for (let x = 0; x < cell; x++) {
          const i = 4 * ((r + 4) * cell + y) * n + 4 * ((c + 4) * cell + x);
          px[i] = px[i + 1] = px[i + 2] = 0;
        }
    }
  return jsQR(px, n, n)?.data ?? null;
}

describe('QR code of the link', () => {
  it('decodes to the full canonical link of a rich state', () => {
    const d = decodeHash('model=rnn&k=64&g=2.35&tab=spectrum&theme=projector&present=1&hide=seed,tabs&show=spectrum');
    const url = `https://example.org/rnn-chaos-lab/#${encodeHash(d)}`;
    expect(url.length).toBeGreaterThan(400);
    expect(decode(url)).toBe(url);
  });

  it('reports a link too long for any QR code instead of throwing', () => {
    expect(qrModules('x'.repeat(5000))).toBeNull();
  });
});
