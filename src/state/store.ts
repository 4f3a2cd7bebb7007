/**
 * The app store (zustand, vanilla so tests and non-React code can use it).
 * It holds parameters, the imported network, warnings and job status — never
 * big results (those live in src/compute/results.ts).
 */
import { createStore } from 'zustand/vanilla';
import { subscribeWithSelector } from 'zustand/middleware';
import { useStore } from 'zustand';
import { SWEEP_DEFAULT_RANGE, modelDefaults, type ParamKey, type Params } from '../params/spec';
import { applyOverrides, coerceParam, comparableKey, defaultParams, normalise, withOverrides, type Decoded } from '../params/url';
import { defaultPhaseWindow, phaseWindowOf } from '../params/phaseWindow';
import { kindOf, weightsWidth, type WeightsRef } from '../params/weights';
import { defaultSweepParam, importedFor, sweepableFor, type ImportedData } from '../core/models';

export type HistoryMode = 'push' | 'replace' | 'none';

/** What a panel's job is doing (the engine's lanes report it). */
export type LaneStatus = { state: 'idle' } | { state: 'running' } | { state: 'error'; message: string };

/**
 * A view's job that was not started, or was stopped, for its cost (the cost
 * model, core/cost.ts): its estimate in reference seconds (`estimate`), or
 * the work it did before its meter stopped it (`spent`). The view shows it
 * with a Start button.
 */
export interface CostGate {
  kind: 'estimate' | 'spent';
  seconds: number;
  /** The part that fits was computed and is shown meanwhile (e.g. the spectrum's λ_max and top exponents). */
  partial?: boolean;
}

export interface DiagramWindow {
  bx0: number;
  bx1: number;
  by0: number | null;
  by1: number | null;
}

/**
 * The panels that zoom by a window in the link, each with its own Back
 * stack: the orbit diagram (bx0 … by1) and the phase diagram (px0 … py1).
 */
const ZOOMS = {
  diagram: {
    of: (p: Params): DiagramWindow => ({ bx0: p.bx0, bx1: p.bx1, by0: p.by0, by1: p.by1 }),
    reset: (p: Params): DiagramWindow => ({ bx0: SWEEP_DEFAULT_RANGE[p.bp][0], bx1: SWEEP_DEFAULT_RANGE[p.bp][1], by0: null, by1: null }),
  },
  phase: { of: phaseWindowOf, reset: defaultPhaseWindow },
} as const;
export type ZoomPanel = keyof typeof ZOOMS;
type ZoomWindow = Partial<Params>;

export interface AppState {
  params: Params;
  weights: WeightsRef | null;
  /**
   * The link names imported weights (by hash) that this device does not have:
   * after looking in local storage, 'missing' (ask for the file); 'looking'
   * while the lookup runs; null when there is nothing to find.
   */
  weightsLookup: 'looking' | 'missing' | null;
  /** Messages for the user (clamped link values, import errors …). */
  warnings: string[];
  /** A slider or handle is being dragged: panels compute drafts. */
  dragging: boolean;
  /** How the last change should reach the browser history. */
  historyMode: HistoryMode;
  /** Previous windows of each zooming panel (its own Back button). */
  zoomStacks: Record<ZoomPanel, ZoomWindow[]>;
  jobs: Record<string, LaneStatus>;
  /** Views waiting for Start, by lane. */
  gates: Record<string, CostGate | null>;
  /** The app cannot compute any more (its workers cannot start): shown with a Reload button. */
  fatal: string | null;
  /** Compare mode (cmp=…): the side the controls change; the right side's changes go into cmp. */
  compareSide: 'left' | 'right';
  /** Compare mode: a change goes to both sides (Shift held). */
  compareBoth: boolean;
}

export interface AppActions {
  setParam<K extends ParamKey>(key: K, value: Params[K], opts?: { history?: HistoryMode }): void;
  /** `side`: in compare mode, the side the change is for (default: the focused one). */
  setParams(patch: Partial<Params>, opts?: { history?: HistoryMode; side?: 'left' | 'right' }): void;
  setDragging(d: boolean): void;
  /** Replace the whole state from a decoded link (no history entry). */
  loadFromLink(d: Decoded): void;
  importNetwork(ref: WeightsRef, patch: Partial<Params>): void;
  /** The weights the link asked for (same hash) arrived: use them, the link's state unchanged. */
  supplyWeights(ref: WeightsRef): void;
  setWeightsLookup(l: AppState['weightsLookup']): void;
  clearImport(): void;
  /** Show the panel's window `w` (its current one goes on the Back stack). */
  zoomTo(w: DiagramWindow): void;
  zoomTo<P extends ZoomPanel>(w: ReturnType<(typeof ZOOMS)[P]['of']>, panel: P): void;
  zoomBack(panel?: ZoomPanel): void;
  zoomReset(panel?: ZoomPanel): void;
  addWarnings(w: string[]): void;
  dismissWarnings(): void;
  setFatal(message: string): void;
  setJob(lane: string, s: LaneStatus): void;
  setGate(lane: string, g: CostGate | null): void;
  setCompareSide(side: 'left' | 'right'): void;
  setCompareBoth(both: boolean): void;
}

export type AppStore = ReturnType<typeof createAppStore>;

const noZooms = (): Record<ZoomPanel, ZoomWindow[]> => ({ diagram: [], phase: [] });

function sameWindow(a: ZoomWindow, b: ZoomWindow): boolean {
  return Object.keys(a).every((k) => a[k as keyof Params] === b[k as keyof Params]);
}

export function createAppStore(initial?: Partial<AppState>) {
  return createStore<AppState & AppActions>()(
    subscribeWithSelector((set, get) => ({
      params: defaultParams(),
      weights: null,
      weightsLookup: null,
      warnings: [],
      dragging: false,
      historyMode: 'none',
      zoomStacks: noZooms(),
      fatal: null,
      jobs: {},
      gates: {},
      compareSide: 'left',
      compareBoth: false,
      ...initial,

      setParam(key, value, opts) {
        get().setParams({ [key]: value } as Partial<Params>, opts);
      },

      setParams(patchIn, opts) {
        const prev = get().params;
        const patch = routeToSide(get(), patchIn, opts?.side);
        const next = { ...prev };
        for (const [k, v] of Object.entries(patch) as [ParamKey, Params[ParamKey]][]) {
          (next as Record<ParamKey, unknown>)[k] = coerceParam(k, v);
        }
        const modelChanged = next.model !== prev.model;
        if (modelChanged) for (const [k, v] of Object.entries(modelDefaults(next.model))) if (!(k in patch)) (next as Record<string, unknown>)[k] = v;
        const warnings: string[] = [];
        normalise(next, warnings, false);
        let weights = get().weights;
        if (modelChanged && weights?.data && kindOf(weights.data) !== next.model) weights = null;
        // A new diagram parameter (phase axis) starts from its default window, with nothing to go back to.
        let zoomStacks = get().zoomStacks;
        if (next.bp !== prev.bp) {
          zoomStacks = { ...zoomStacks, diagram: [] };
          if (patch.bx0 === undefined) Object.assign(next, ZOOMS.diagram.reset(next));
        }
        if (next.px !== prev.px || next.py !== prev.py) {
          zoomStacks = { ...zoomStacks, phase: [] };
          const home = defaultPhaseWindow(next);
          if (next.px !== prev.px && patch.px0 === undefined) [next.px0, next.px1] = [home.px0, home.px1];
          if (next.py !== prev.py && patch.py0 === undefined) [next.py0, next.py1] = [home.py0, home.py1];
        }
        set({
          params: next,
          weights,
          zoomStacks,
          historyMode: opts?.history ?? 'replace',
          warnings: warnings.length ? [...get().warnings, ...warnings] : get().warnings,
        });
      },

      setDragging(d) {
        if (get().dragging !== d) set({ dragging: d });
      },

      loadFromLink(d) {
        set({ params: d.params, weights: d.weights, weightsLookup: d.weights && !d.weights.data ? 'looking' : null, warnings: d.warnings, historyMode: 'none', zoomStacks: noZooms() });
      },

      supplyWeights(ref) {
        const cur = get().weights;
        if (!ref.data || cur?.hash !== ref.hash) return;
        const params = { ...get().params, model: kindOf(ref.data), k: weightsWidth(ref.data) };
        normalise(params, []);
        set({ params, weights: { ...ref, name: ref.name ?? cur.name ?? null }, weightsLookup: null, historyMode: 'replace' });
      },

      setWeightsLookup(l) {
        if (get().weightsLookup !== l) set({ weightsLookup: l });
      },

      importNetwork(ref, patch) {
        const params = { ...get().params, ...patch };
        if (ref.data) {
          params.model = kindOf(ref.data);
          params.k = weightsWidth(ref.data);
        }
        if (!sweepableFor(params.model).includes(params.bp)) params.bp = defaultSweepParam(params.model);
        normalise(params, []);
        set({ params, weights: ref, weightsLookup: null, historyMode: 'push' });
      },

      clearImport() {
        set({ weights: null, weightsLookup: null, historyMode: 'push' });
      },

      zoomTo(w: ZoomWindow, panel: ZoomPanel = 'diagram') {
        const p = get().params;
        const stacks = get().zoomStacks;
        set({ zoomStacks: { ...stacks, [panel]: [...stacks[panel], ZOOMS[panel].of(p)].slice(-50) } });
        get().setParams(w, { history: 'push' });
      },

      zoomBack(panel: ZoomPanel = 'diagram') {
        const stacks = get().zoomStacks;
        const stack = stacks[panel];
        if (!stack.length) return;
        set({ zoomStacks: { ...stacks, [panel]: stack.slice(0, -1) } });
        get().setParams(stack[stack.length - 1], { history: 'push' });
      },

      zoomReset(panel: ZoomPanel = 'diagram') {
        const p = get().params;
        const home = ZOOMS[panel].reset(p);
        if (sameWindow(home, ZOOMS[panel].of(p))) return;
        get().zoomTo(home, panel);
      },

      addWarnings(w) {
        // a message already on screen is not repeated (a crash loop must not flood the page)
        const fresh = w.filter((m, i) => !get().warnings.includes(m) && w.indexOf(m) === i);
        if (fresh.length) set({ warnings: [...get().warnings, ...fresh] });
      },

      setFatal(message) {
        // the one message says it all: the crash notices before it go
        if (!get().fatal) set({ fatal: message, warnings: [] });
      },

      dismissWarnings() {
        set({ warnings: [] });
      },

      setJob(lane, s) {
        const cur = get().jobs[lane];
        if (cur && cur.state === s.state && (cur.state !== 'error' || (s.state === 'error' && cur.message === s.message))) return;
        set({ jobs: { ...get().jobs, [lane]: s } });
      },

      setGate(lane, g) {
        set({ gates: { ...get().gates, [lane]: g } });
      },

      setCompareSide(side) {
        if (get().compareSide !== side) set({ compareSide: side });
      },

      setCompareBoth(both) {
        if (get().compareBoth !== both) set({ compareBoth: both });
      },
    })),
  );
}

/**
 * Compare mode: a change of a state key goes to the focused side. The right
 * side's keys become cmp items (the link's state stays the left side); with
 * both sides (Shift) the key changes on the left and, where cmp holds it, in
 * cmp too, so both sides have the new value. Keys that are not the state's (view, look) and a patch
 * that sets cmp itself go through unchanged.
 */
function routeToSide(s: AppState, patch: Partial<Params>, side?: 'left' | 'right'): Partial<Params> {
  if (!s.params.cmp.length || 'cmp' in patch) return patch;
  const keys = Object.keys(patch).filter(comparableKey);
  if (!keys.length) return patch;
  const right: Partial<Params> = {};
  for (const k of keys) (right as Record<string, unknown>)[k] = coerceParam(k, patch[k] as never);
  // both: the left side changes, and a key cmp holds takes the same value there (the comparison stays on)
  if (s.compareBoth && !side) {
    const held = keys.filter((k) => s.params.cmp.some((item) => item.startsWith(`${k}:`)));
    return { ...patch, cmp: withOverrides(s.params.cmp, Object.fromEntries(held.map((k) => [k, right[k]]))) };
  }
  if ((side ?? s.compareSide) === 'left') return patch;
  const rest: Partial<Params> = { ...patch };
  for (const k of keys) delete (rest as Record<string, unknown>)[k];
  return { ...rest, cmp: withOverrides(s.params.cmp, right) };
}

const sideCache = new WeakMap<Params, Params>();

/** The state of the side the controls show: the right side's in compare mode when it has focus, else the link's. */
export function sideParams(s: Pick<AppState, 'params' | 'compareSide'>): Params {
  if (!s.params.cmp.length || s.compareSide === 'left') return s.params;
  let r = sideCache.get(s.params);
  if (!r) sideCache.set(s.params, (r = applyOverrides(s.params)));
  return r;
}

/** The imported network, if it is of the current model and its data is known. */
export function importedOf(s: AppState): ImportedData | null {
  return importedFor(s.params.model, s.weights?.data);
}

/** The app's single store. */
export const appStore = createAppStore();

export function useApp<T>(selector: (s: AppState & AppActions) => T): T {
  return useStore(appStore, selector);
}
