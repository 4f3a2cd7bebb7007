/**
 * Periodic points & Li–Yorke: the periods of f up to 8 in Sharkovsky's
 * order, the verdict they imply, the cycles (minimal period, multiplier,
 * stability) drawn on the cobweb with fᵖ, and the measured fraction of
 * scrambled pairs.
 */
import { useCallback, useMemo, useRef } from 'react';
import { periodicSlot } from '../../compute/engine';
import { useResult } from '../useResult';
import type { Cycle } from '../../core/interval/periodic';
import { implies, sharkovskySort } from '../../core/interval/sharkovsky';
import { appStore, useApp } from '../../state/store';
import { Plot, strokeSeries, type Scale, squareFrame } from '../chart/Plot';
import { useSize } from '../chart/useSize';
import { COLORS, ITERATE_COLORS } from '../palette';
import { fmt, sup } from '../format';
import { liYorkeVerdict } from '../Verdict';
import { ParamControl } from '../controls/ParamControl';
import { Examples } from '../Examples';
import { PanelFrame } from '../PanelFrame';
import type { PanelExport } from '../export/types';
import type { DataTable } from '../../export/types';
import { columnsTable, recordTable } from '../export/tables';
import { pythonFor } from '../export/pythonFor';
import { CostGateNotice } from '../CostGateNotice';

const MARGIN = { top: 10, right: 14, bottom: 42, left: 56 };
const SHARKOVSKY_8 = sharkovskySort([1, 2, 3, 4, 5, 6, 7, 8]);

/** One row per point of every cycle (as `cli periodic --format csv`). */
function cyclesTable(name: string, cycles: Cycle[]): DataTable {
  const t: DataTable = { name, columns: ['cycle', 'period', 'j', 'x', 'multiplier', 'stability'], rows: [] };
  cycles.forEach((c, i) => c.points.forEach((x, j) => t.rows.push([i, c.period, j, x, c.multiplier, c.stability])));
  return t;
}

/** Exports: the cycles, the periods in Sharkovsky's order with the verdict, the scrambled pairs. */
const PERIODIC_EXPORT: PanelExport = {
  tables: () => {
    const res = periodicSlot.get()?.res;
    if (!res) return [];
    const pr = res.periodic;
    const found = new Set(pr.periods);
    return [
      cyclesTable('cycles', pr.cycles),
      ...(pr.unverified.length ? [cyclesTable('unverified', pr.unverified)] : []),
      columnsTable('periods', { period: SHARKOVSKY_8, found: SHARKOVSKY_8.map((p) => found.has(p)), implied: SHARKOVSKY_8.map((p) => !found.has(p) && pr.periods.length > 0 && implies(pr.periods[0], p)) }),
      recordTable('verdict', { li_yorke: pr.liYorke, period3: pr.periods.includes(3), method: pr.method, max_period: pr.maxPeriod }),
      ...(res.scramble
        ? [recordTable('scrambled', { fraction: res.scramble.fraction, scrambled: res.scramble.scrambled, counted: res.scramble.counted, pairs: res.scramble.pairs, d0: res.scramble.d0, eta: res.scramble.eta, eps: res.scramble.eps, T1: res.scramble.T1, T2: res.scramble.T2 })]
        : []),
    ];
  },
  python: () => pythonFor('periodic', {}),
};

/** Exports: f and fᵖ as drawn, and the p-cycles shown. */
const PCOBWEB_EXPORT: PanelExport = {
  tables: () => {
    const res = periodicSlot.get()?.res;
    if (!res) return [];
    const shown = [...res.periodic.cycles, ...res.periodic.unverified].filter((c) => c.period === res.p);
    return [columnsTable('map', { x: res.f.xs, f: res.f.ys }), columnsTable('iterate', { x: res.fp.xs, [`f${res.p}`]: res.fp.ys }), cyclesTable('cycles', shown)];
  },
  python: () => pythonFor('pcobweb', {}),
};

export function PeriodicView() {
  const view = useResult(periodicSlot);
  const job = useApp((s) => s.jobs.periodic);
  const res = view?.res;
  const found = useMemo(() => new Set(res?.periodic.periods ?? []), [res]);
  // periods Sharkovsky's theorem guarantees from the first one found (shown even if not listed)
  const lead = res?.periodic.periods[0];
  const implied = (p: number) => lead !== undefined && !found.has(p) && implies(lead, p);
  const verdict = res ? liYorkeVerdict(res.periodic.periods, res.periodic.maxPeriod) : null;
  const byPeriod = useMemo(() => {
    const m = new Map<number, Cycle[]>();
    for (const c of res?.periodic.cycles ?? []) m.set(c.period, [...(m.get(c.period) ?? []), c]);
    for (const c of res?.periodic.unverified ?? []) if (!m.has(c.period)) m.set(c.period, []);
    return [...m.entries()].sort((a, b) => SHARKOVSKY_8.indexOf(a[0]) - SHARKOVSKY_8.indexOf(b[0]));
  }, [res]);

  return (
    <div className="grid view-grid">
      <PeriodicCobweb />
      <PanelFrame id="periodic" className="scroll" exportData={PERIODIC_EXPORT}>
        <header>
          <h2 id="periodic-title">Periodic points &amp; Li–Yorke chaos</h2>
          <span className="status">{job?.state === 'running' ? 'computing…' : ''}</span>
        </header>
        <p className="explain">
          The cycles of f up to period 8{res ? (res.periodic.method === 'certified' ? ' (certified by interval arithmetic)' : ' (exact: f is piecewise linear)') : ''}. Sharkovsky’s theorem
          orders the periods 3 ▷ 5 ▷ 7 ▷ 6 ▷ 8 ▷ 4 ▷ 2 ▷ 1: a period implies every period to its right. Period 3 implies chaos (Li &amp; Yorke 1975); powers
          of two do not.
        </p>
        <Examples tab="periodic" />
        <CostGateNotice lane="periodic" what="The search for periodic points" />
        <div className="sharkovsky" role="list" aria-label="Periods in Sharkovsky’s order">
          {SHARKOVSKY_8.map((p, i) => (
            <span key={p} className="shark-item" role="listitem">
              {i > 0 && <span className="shark-sep">▷</span>}
              <button
                type="button"
                className={`chip${found.has(p) ? ' found' : implied(p) ? ' implied' : ''}${p === view?.res.p ? ' shown' : ''}`}
                data-period={p}
                data-found={found.has(p)}
                aria-pressed={p === view?.res.p}
                title={
                  found.has(p)
                    ? `Show f${sup(p)} and its ${p}-cycles on the cobweb`
                    : implied(p)
                      ? `Period ${p} is implied by period ${lead} (Sharkovsky) but its cycles were not resolved`
                      : `No cycle of period ${p}`
                }
                disabled={!found.has(p)}
                onClick={() => appStore.getState().setParam('pc', p, { history: 'replace' })}
              >
                {p}
              </button>
            </span>
          ))}
        </div>
        <p className="chip-legend">
          <span className="chip found small">3</span> found, implies chaos · <span className="chip found small" data-period="2">2</span> found, a power of two: implies no
          chaos · <span className="chip implied small">7</span> implied by Sharkovsky, not resolved · <span className="chip small">5</span> absent
        </p>
        {job?.state === 'error' && (
          <p className="error" role="alert">
            Could not compute the periodic points: {job.message}
          </p>
        )}
        {verdict && (
          <div className={`verdict ${verdict.chaotic ? 'chaotic' : 'calm'}`} data-testid="verdict" role="status">
            <strong>{verdict.headline}</strong>
            <span>{verdict.detail}</span>
          </div>
        )}
        {res && (
          <>
            <p className="method" data-testid="periodic-method">
              {res.periodic.method === 'exact'
                ? `Exact: the linear pieces of fᵖ (${res.periodic.pieceCounts.join(', ')} for p = 1…${res.periodic.pieceCounts.length}) were solved for fᵖ(x) = x${res.periodic.window ? ` on [${fmt(res.periodic.window[0])}, ${fmt(res.periodic.window[1])}], which holds every periodic orbit` : ' over the whole real line'}.`
                : `Certified: interval arithmetic on [${fmt(res.periodic.window![0])}, ${fmt(res.periodic.window![1])}], an interval that holds every periodic orbit, proves on each cell that fᵖ(x) − x has no root or exactly one (interval Newton). ${res.periodic.complete ? `The list below is every cycle in that interval up to period ${res.periodic.maxPeriod}.` : 'Where the proof did not close, the list may miss cycles:'}`}{' '}
              {res.periodic.method === 'exact' ? 'Every cycle below was checked by iterating f: fᵖ(x) = x to 10⁻⁹.' : ''}
              {res.periodic.notes.map((n) => ` ${n}`)}
            </p>
            <table className="cycles" data-testid="cycles">
              <thead>
                <tr>
                  <th>period</th>
                  <th>cycles</th>
                  <th>points (first cycle)</th>
                  <th>multiplier Π f′</th>
                </tr>
              </thead>
              <tbody>
                {byPeriod.map(([p, cs]) => {
                  const extra = res.periodic.unverified.filter((c) => c.period === p).length;
                  const first = cs[0] ?? res.periodic.unverified.find((c) => c.period === p)!;
                  return (
                    <tr key={p} data-period={p}>
                      <td>{p}</td>
                      <td>
                        {cs.length + extra}
                        {cs.some((c) => c.stability === 'stable') ? ` (${cs.filter((c) => c.stability === 'stable').length} stable)` : ''}
                        {extra ? <span className="method"> · {extra} too unstable to confirm by iterating</span> : null}
                      </td>
                      <td className="pts">{first.points.map((v) => fmt(v, 4)).join(', ')}</td>
                      <td>
                        {fmt(first.multiplier, 3)} <span className={first.stability === 'stable' ? 'order' : ''}>{first.stability}</span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {res.periodic.continuum.length > 0 && <p className="method">f{sup(res.periodic.continuum[0])} is the identity on an interval: a continuum of periodic points.</p>}
          </>
        )}
        <Scrambled />
      </PanelFrame>
    </div>
  );
}

function Scrambled() {
  const view = useResult(periodicSlot);
  const s = view?.res.scramble;
  return (
    <div className="scrambled" data-testid="scrambled">
      <h3>Scrambled pairs</h3>
      <p className="explain">
        Pairs (x, x + δ₀) on the attractor, iterated: a pair counts as scrambled when its distance grows beyond η, later falls below ε, and is beyond
        η again at the end — Li and Yorke’s lim sup &gt; 0, lim inf = 0, seen in a finite window.
      </p>
      {s ? (
        <p data-testid="scrambled-fraction">
          <span className="big">{Math.round(100 * s.fraction)} %</span> of {s.counted} pairs scrambled (δ₀ = {fmt(s.d0, 3)}, η = {fmt(s.eta, 3)}, ε ={' '}
          {fmt(s.eps, 3)}, steps {s.T1}–{s.T2}){s.counted < s.pairs ? `; ${s.pairs - s.counted} pairs diverged and are not counted` : ''}.
        </p>
      ) : null}
      {view?.res.scrambleNote && <p className="method">{view.res.scrambleNote}</p>}
      <ParamControl k="se" />
    </div>
  );
}

function PeriodicCobweb() {
  const view = useResult(periodicSlot);
  const box = useRef<HTMLDivElement>(null);
  const { width, height } = useSize(box);
  const frame = squareFrame(width, height, MARGIN, 160);
  const res = view?.res;
  const domain = res?.domain ?? ([0, 1] as [number, number]);
  const shown = useMemo(() => (res ? [...res.periodic.cycles, ...res.periodic.unverified].filter((c) => c.period === res.p) : []), [res]);

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, x: Scale, y: Scale) => {
      if (!res) return;
      const [lo, hi] = res.domain;
      ctx.strokeStyle = COLORS.diagonal;
      ctx.setLineDash([5, 4]);
      ctx.lineWidth = 1.2;
      ctx.beginPath();
      ctx.moveTo(x(lo), y(lo));
      ctx.lineTo(x(hi), y(hi));
      ctx.stroke();
      ctx.setLineDash([]);
      if (res.p > 1) {
        ctx.strokeStyle = ITERATE_COLORS[res.p] ?? '#444';
        ctx.lineWidth = 1.5;
        strokeSeries(ctx, x, y, res.fp.xs, res.fp.ys);
      }
      ctx.strokeStyle = COLORS.map;
      ctx.lineWidth = 2.4;
      strokeSeries(ctx, x, y, res.f.xs, res.f.ys);
      // each cycle as a closed cobweb: (xⱼ, xⱼ) → (xⱼ, xⱼ₊₁) → (xⱼ₊₁, xⱼ₊₁)
      ctx.lineWidth = 2;
      shown.forEach((c, i) => {
        ctx.strokeStyle = CYCLE_COLORS[i % CYCLE_COLORS.length];
        ctx.beginPath();
        const n = c.points.length;
        ctx.moveTo(x(c.points[0]), y(c.points[0]));
        for (let j = 0; j < n; j++) {
          const a = c.points[j];
          const b = c.points[(j + 1) % n];
          ctx.lineTo(x(a), y(b));
          ctx.lineTo(x(b), y(b));
        }
        ctx.stroke();
      });
    },
    [res, shown],
  );

  return (
    <PanelFrame id="pcobweb" exportData={PCOBWEB_EXPORT}>
      <header>
        <h2 id="pcobweb-title">
          f and f{res ? sup(res.p) : 'ᵖ'} with the {res?.p ?? 'p'}-cycles
        </h2>
        <p className="hint keep">Click a period on the right to show its iterate and cycles.</p>
      </header>
      <div className="panel-body square" ref={box}>
        {width > 0 && (
          <Plot
            width={frame.width}
            height={frame.height}
            margin={MARGIN}
            xDomain={domain}
            yDomain={domain}
            xLabel="x"
            yLabel={`f(x), f${res ? sup(res.p) : 'ᵖ'}(x)`}
            draw={draw}
            ariaLabel={res ? `Graph of f and of its ${res.p}-th iterate with ${shown.length} cycles of period ${res.p}` : 'Graph of f (computing)'}
            testId="periodic-cobweb"
          >
            {(xs, ys) => (
              <g>
                {shown.flatMap((c, i) =>
                  c.points.map((v, j) => (
                    <circle key={`${i}-${j}`} cx={xs(v)} cy={ys(v)} r={5} className={`fixed-point ${c.stability}`} stroke={CYCLE_COLORS[i % CYCLE_COLORS.length]}>
                      <title>{`period ${c.period}: x = ${fmt(v, 6)}, multiplier ${fmt(c.multiplier)} (${c.stability})`}</title>
                    </circle>
                  )),
                )}
              </g>
            )}
          </Plot>
        )}
      </div>
      {res && (
        <div className="legend">
          <span className="legend-item">
            <i style={{ background: COLORS.map }} /> f
          </span>
          {res.p > 1 && (
            <span className="legend-item">
              <i style={{ background: ITERATE_COLORS[res.p] }} /> f{sup(res.p)}
            </span>
          )}
          <span className="legend-item">
            {shown.length} cycle{shown.length === 1 ? '' : 's'} of period {res.p}
            {shown.length > 8 ? ' (all drawn)' : ''}
          </span>
        </div>
      )}
    </PanelFrame>
  );
}

const CYCLE_COLORS = ['#c8102e', '#E69F00', '#009E73', '#7B61FF', '#CC79A7', '#56B4E9', '#999933', '#555555'];
