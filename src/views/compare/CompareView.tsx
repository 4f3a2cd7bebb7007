/**
 * Compare mode (issue #16, `cmp=`): the current view twice, side by side —
 * left the link's state, right the same state with the cmp keys applied.
 * Each side is the lab in embed mode in a frame of its own, so it keeps its
 * own jobs and readouts; this page drives both through the embed API
 * (src/app/embedApi.ts) and computes nothing itself (params/views.ts
 * jobActive). The side panel changes the side that has focus (click a side
 * or its label); with Shift held, both. What a side changes by itself (a
 * click on its orbit diagram, a zoom) comes back to this page's state. Keys
 * that set a window (bx0 …, px0 …) are the same on both sides unless cmp sets
 * them, so those axes share their ranges.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { PARAM_SPECS, type ParamKey, type Params } from '../../params/spec';
import { applyOverrides, comparableKey, decodeHash, encodeHash, formatValue } from '../../params/url';
import { appStore, useApp } from '../../state/store';
import type { WeightsRef } from '../../params/weights';
import { pairFigure, PAIR_SLIDE, type PairSide } from './pairFigure';
import { canvasBlob, rasterize, type Figure } from '../export/figure';
import { saveBlob, saveText } from '../export/download';
import { commonDomains, type PlotDomains } from '../chart/sharedDomains';
import './compare.css';

type Side = 'left' | 'right';

/** The hash a side's frame shows: the side's state in embed mode, without compare mode or the lecture's tour. */
export function sideHash(p: Params, weights: WeightsRef | null): string {
  return encodeHash({ params: { ...p, cmp: [], embed: 1, tour: [], ts: 0, scene: '' }, weights });
}

/** "g = 2, σ_b = 0.5": the cmp items in words. */
export function cmpLabel(cmp: readonly string[]): string {
  return cmp
    .map((item) => {
      const i = item.indexOf(':');
      const k = item.slice(0, i);
      return `${(PARAM_SPECS.bp.labels as Record<string, string>)[k] ?? k} = ${item.slice(i + 1)}`;
    })
    .join(', ');
}

/** The keys whose values differ between two states (those compare mode may set). */
function changedKeys(from: Params, to: Params): Partial<Params> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(to) as ParamKey[]) if (comparableKey(k) && to[k] !== from[k]) out[k] = to[k];
  return out as Partial<Params>;
}

interface Frame {
  el: HTMLIFrameElement | null;
  /** The hash the frame last reported or was sent. */
  known: string;
  /** It has answered once (its API listens). */
  ready: boolean;
  seq: number;
  waiting: Map<number, (m: { figures?: Figure[]; hash?: string }) => void>;
}

function newFrame(): Frame {
  return { el: null, known: '', ready: false, seq: 0, waiting: new Map() };
}

export function CompareView() {
  const params = useApp((s) => s.params);
  const weights = useApp((s) => s.weights);
  const focus = useApp((s) => s.compareSide);
  const both = useApp((s) => s.compareBoth);
  const right = useMemo(() => applyOverrides(params), [params]);
  const leftHash = useMemo(() => sideHash({ ...params, cmp: [] }, weights), [params, weights]);
  const rightHash = useMemo(() => sideHash(right, weights), [right, weights]);
  const frames = useRef<Record<Side, Frame>>({ left: newFrame(), right: newFrame() });
  // the first address of each frame; later states go through the API (the frames keep running)
  const [src] = useState(() => ({ left: `#${leftHash}`, right: `#${rightHash}` }));
  const [busy, setBusy] = useState<string | null>(null);

  // this page's state → the frames
  useEffect(() => {
    for (const [side, hash] of [
      ['left', leftHash],
      ['right', rightHash],
    ] as const) {
      const f = frames.current[side];
      if (!f.ready || f.known === hash) continue;
      f.known = hash;
      f.el?.contentWindow?.postMessage({ type: 'rnn-chaos-lab:set', hash: `#${hash}` }, '*');
    }
  }, [leftHash, rightHash]);

  // the frames → this page: answers, and what a side changed by itself
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      for (const side of ['left', 'right'] as const) {
        const f = frames.current[side];
        if (!f.el || e.source !== f.el.contentWindow) continue;
        const m = e.data as { type?: string; hash?: string; id?: number; figures?: Figure[] };
        if (typeof m !== 'object' || m === null || typeof m.type !== 'string') return;
        if (typeof m.id === 'number' && f.waiting.has(m.id)) {
          f.waiting.get(m.id)!(m);
          f.waiting.delete(m.id);
        }
        if (m.type === 'rnn-chaos-lab:result') shareAxes(side, (m as { domains?: Record<string, PlotDomains> }).domains);
        if (!f.ready) {
          f.ready = true;
          // a state set before the frame listened
          const want = side === 'left' ? leftHashRef.current : rightHashRef.current;
          if (m.hash !== `#${want}`) f.el.contentWindow?.postMessage({ type: 'rnn-chaos-lab:set', hash: `#${want}` }, '*');
          f.known = want;
          return;
        }
        if (m.type !== 'rnn-chaos-lab:state' || typeof m.hash !== 'string' || m.id !== undefined) return;
        const reported = m.hash.replace(/^#/, '');
        if (reported === f.known) return;
        f.known = reported;
        const s = appStore.getState();
        const theirs = decodeHash(m.hash).params;
        const mine = side === 'left' ? { ...s.params, cmp: [] } : applyOverrides(s.params);
        const patch = changedKeys(mine, theirs);
        if (Object.keys(patch).length) s.setParams(patch, { history: 'push', side });
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  // the same plot on both sides gets the union of their ranges
  const domains = useRef<Record<Side, Record<string, PlotDomains> | null>>({ left: null, right: null });
  const sentAxes = useRef('');
  const shareAxes = (side: Side, d: Record<string, PlotDomains> | undefined) => {
    if (!d) return;
    domains.current[side] = d;
    const { left, right } = domains.current;
    if (!left || !right) return;
    const common = commonDomains(left, right);
    const text = JSON.stringify(common);
    if (text === sentAxes.current) return;
    sentAxes.current = text;
    for (const s of ['left', 'right'] as const) frames.current[s].el?.contentWindow?.postMessage({ type: 'rnn-chaos-lab:share', domains: common }, '*');
  };
  const leftHashRef = useRef(leftHash);
  const rightHashRef = useRef(rightHash);
  leftHashRef.current = leftHash;
  rightHashRef.current = rightHash;

  // focus follows a click into a frame; Shift held: both sides
  useEffect(() => {
    const onBlur = () =>
      setTimeout(() => {
        const a = document.activeElement;
        for (const side of ['left', 'right'] as const) if (a === frames.current[side].el) appStore.getState().setCompareSide(side);
      }, 0);
    const onKey = (e: KeyboardEvent) => appStore.getState().setCompareBoth(e.shiftKey);
    window.addEventListener('blur', onBlur);
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    return () => {
      window.removeEventListener('blur', onBlur);
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
      appStore.getState().setCompareBoth(false);
    };
  }, []);

  const ask = useCallback(
    (side: Side, type: string) =>
      new Promise<{ figures?: Figure[] }>((resolve, reject) => {
        const f = frames.current[side];
        const id = ++f.seq;
        f.waiting.set(id, resolve);
        f.el?.contentWindow?.postMessage({ type, id }, '*');
        setTimeout(() => {
          if (f.waiting.delete(id)) reject(new Error(`the ${side} side did not answer`));
        }, 30_000);
      }),
    [],
  );

  const rightLabel = cmpLabel(params.cmp);
  const pair = async (): Promise<{ left: PairSide; right: PairSide; title: string }> => {
    const [l, r] = await Promise.all([ask('left', 'rnn-chaos-lab:figure'), ask('right', 'rnn-chaos-lab:figure')]);
    // the left side's values of the keys that differ
    const leftLabel = cmpLabel(params.cmp.map((item) => item.slice(0, item.indexOf(':')) as ParamKey).map((k) => `${k}:${formatValue(k, params[k])}`));
    return { left: { label: `Left: ${leftLabel || 'the link'}`, figures: l.figures ?? [] }, right: { label: `Right: ${rightLabel}`, figures: r.figures ?? [] }, title: `${leftLabel} against ${rightLabel}` };
  };
  const exportPair = async (kind: 'slide' | 'svg') => {
    setBusy(kind === 'slide' ? 'Making the slide…' : 'Making the SVG…');
    try {
      const p = await pair();
      const name = `rnn-chaos-lab-compare-${params.tab}`;
      if (kind === 'svg') saveText(pairFigure(p.left, p.right, p.title, null).svg, `${name}.svg`, 'image/svg+xml');
      else {
        const fig = pairFigure(p.left, p.right, p.title, PAIR_SLIDE);
        saveBlob(await canvasBlob(await rasterize(fig, fig.width, fig.height)), `${name}-slide.png`);
      }
      setBusy(null);
    } catch (e) {
      setBusy(e instanceof Error ? e.message : String(e));
    }
  };

  const header = (side: Side, label: string) => (
    <button
      type="button"
      className={`compare-side-label${focus === side || both ? ' focused' : ''}`}
      aria-pressed={focus === side}
      onClick={() => appStore.getState().setCompareSide(side)}
      data-testid={`compare-focus-${side}`}
      title="The side panel's controls change this side (hold Shift for both)"
    >
      {label}
    </button>
  );

  return (
    <section className="compare" aria-label="Compare two states" data-testid="compare">
      <div className="compare-bar">
        <span className="compare-hint">{both ? 'Shift: the controls change both sides' : `The controls change the ${focus} side · click a side to choose · Shift: both`}</span>
        <button type="button" className="small" onClick={() => void exportPair('slide')} data-testid="compare-slide">
          Slide of the pair (PNG)
        </button>
        <button type="button" className="small" onClick={() => void exportPair('svg')} data-testid="compare-svg">
          SVG of the pair
        </button>
        <button type="button" className="small" onClick={() => appStore.getState().setParam('cmp', [], { history: 'push' })} data-testid="compare-exit">
          Exit compare
        </button>
        {busy && (
          <span className="compare-busy" role="status">
            {busy}
          </span>
        )}
      </div>
      <div className="compare-sides">
        {(['left', 'right'] as const).map((side) => (
          <div key={side} className={`compare-side${focus === side || both ? ' focused' : ''}`} data-side={side}>
            {header(side, side === 'left' ? 'Left · the link' : `Right · ${rightLabel}`)}
            <iframe
              ref={(el) => {
                frames.current[side].el = el;
              }}
              src={src[side]}
              title={side === 'left' ? 'The link’s state' : `The state with ${rightLabel}`}
              data-testid={`compare-frame-${side}`}
              allow="fullscreen"
            />
          </div>
        ))}
      </div>
    </section>
  );
}
