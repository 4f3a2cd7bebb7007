/**
 * λᵢ against i/N for several network sizes N (same law, g, φ, σ_b, seed):
 * the spectra collapse onto one curve — chaos in random networks is
 * extensive (Engelken, Wolf & Abbott 2020).
 */
import { useCallback, useMemo, useRef } from 'react';
import { sizeScanSlot } from '../../compute/engine';
import { useResult } from '../useResult';
import { modelOf } from '../../core/models';
import { useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { useEngine } from '../engineContext';
import { PanelFrame } from '../PanelFrame';
import { COLORS } from '../palette';
import type { PanelExport } from '../export/types';
import type { DataTable } from '../../export/types';
import { pythonFor } from '../export/pythonFor';

/** Exports: λᵢ against i/N for each size N (long format: one row per exponent). */
const SIZESCAN_EXPORT: PanelExport = {
  tables: () => {
    const res = sizeScanSlot.get()?.result;
    if (!res) return [];
    const t: DataTable = { name: 'spectra', columns: ['N', 'i', 'i_over_N', 'lambda'], rows: [] };
    res.spectra.forEach((sp, s) => sp?.forEach((l, i) => t.rows.push([res.sizes[s], i + 1, (i + 0.5) / sp.length, l])));
    return [t];
  },
  python: () => pythonFor('sizescan', {}),
};

const SIZE_COLORS = ['#56B4E9', '#009E73', '#E69F00', '#D55E00'];
const MARGIN = { top: 10, right: 16, bottom: 40, left: 60 };

export function SizeScan() {
  const scan = useResult(sizeScanSlot);
  const model = useApp((s) => s.params.model);
  const imported = useApp((s) => s.weights !== null);
  const engine = useEngine();
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const res = scan?.result;
  const yDomain = useMemo<[number, number]>(() => {
    let lo = 0;
    let hi = 0;
    for (const sp of res?.spectra ?? [])
      for (const l of sp ?? []) {
        if (!Number.isFinite(l)) continue;
        lo = Math.min(lo, Math.max(-6, l));
        hi = Math.max(hi, l);
      }
    return [lo * 1.05 - 0.05, Math.max(0.1, hi * 1.2)];
  }, [res]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res) return;
      res.spectra.forEach((sp, s) => {
        if (!sp) return;
        const n = sp.length;
        const xs = Float64Array.from({ length: n }, (_, i) => (i + 0.5) / n);
        ctx.strokeStyle = SIZE_COLORS[s % SIZE_COLORS.length];
        ctx.lineWidth = 2;
        strokeSeries(ctx, x, y, xs, sp);
      });
      ctx.strokeStyle = COLORS.ink;
      ctx.beginPath();
      ctx.moveTo(x(0), y(0));
      ctx.lineTo(x(1), y(0));
      ctx.stroke();
    },
    [res],
  );
  if (!modelOf(model).k) return null; // a fixed-size map has no family of sizes
  if (imported)
    // the scan draws seeded networks of the model's law: nothing to do with an imported network's weights
    return (
      <PanelFrame id="sizescan" className="span2" labelledBy="scan-title">
        <header>
          <h2 id="scan-title">Size invariance: λᵢ against i/N</h2>
        </header>
        <p className="explain" data-testid="scan-imported">
          An imported network has one size. The comparison draws seeded networks of the model’s law at several sizes N and shows that their spectra collapse
          against i/N (Engelken, Wolf &amp; Abbott 2020): choose “Use the seeded network” under Import a network to run it.
        </p>
      </PanelFrame>
    );
  return (
    <PanelFrame id="sizescan" className="span2" labelledBy="scan-title" exportData={SIZESCAN_EXPORT}>
      <header>
        <h2 id="scan-title">Size invariance: λᵢ against i/N</h2>
        <div className="panel-tools">
          <span className="status" data-testid="scan-status">
            {scan?.running ? `computing N = ${res ? (res.sizes.find((_, i) => !res.spectra[i]) ?? '') : '…'}` : scan?.error ? '' : res?.done ? 'done' : ''}
          </span>
          {scan?.running ? (
            <button type="button" className="small" onClick={() => engine?.cancelSizeScan()}>
              Cancel
            </button>
          ) : (
            <button type="button" className="small" onClick={() => engine?.startSizeScan()} data-testid="scan-start">
              Compare sizes
            </button>
          )}
        </div>
      </header>
      <p className="explain">
        Full spectra of networks drawn from the same law at several sizes (300 + 1 000 steps each). Plotted against i/N they fall on one curve: the number
        of positive exponents — the dimension of the chaos — grows in proportion to N (Engelken, Wolf &amp; Abbott 2020).
      </p>
      {scan?.error && <p className="error">{scan.error}</p>}
      <div className="panel-body fixed-h" ref={box}>
        {width > 0 && (
          <Plot width={width} height={height} margin={MARGIN} xDomain={[0, 1]} yDomain={yDomain} xLabel="i / N" yLabel="λᵢ" draw={draw} ariaLabel="Lyapunov spectra against i/N for several N" testId="size-scan" />
        )}
      </div>
      <div className="legend">
        {res?.sizes.map((n, s) => (
          <span key={n} className="legend-item">
            <i style={{ background: SIZE_COLORS[s % SIZE_COLORS.length] }} /> N = {n}
            {res.spectra[s] ? '' : ' (pending)'}
          </span>
        ))}
      </div>
    </PanelFrame>
  );
}
