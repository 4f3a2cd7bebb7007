/**
 * THE view registry: for every view (tab) the model families it serves, the
 * jobs the engine runs for it, its panels, and the side panel's control
 * groups. The app shell, the engine, the lecture links (`show=`, number keys,
 * the link builder) and the controls panel all read this table. Pure data (no
 * React), kept with the parameter table because both the engine and the views
 * read it (in src/views it would make compute and views import each other);
 * the view components are matched to it in app/viewComponents.tsx.
 */
import { MODEL_LIST, familyOf, hasMeanField, type Family, type Model } from '../core/models';
import type { Group, PanelId, ParamKey, Tab } from './spec';

/** The jobs of the engine (one lane each; compute/engine.ts). */
export type JobName = 'panel1d' | 'vectorPanel' | 'diagram' | 'spectrum' | 'eigen' | 'periodic' | 'expressivity' | 'gradients' | 'training' | 'sweep' | 'phase';

export interface ViewDef {
  /** The families whose models it shows; for the others it shows `notFor`. */
  families: readonly Family[];
  /** The jobs that follow the state while the view is shown, per family. */
  jobs: Partial<Record<Family, readonly JobName[]>>;
  /** Its panels for a model, in order. */
  panels(model: Model): PanelId[];
  /** Side-panel groups (the views' own controls sit in their panels). */
  groups: readonly Group[];
  /** The orbit's advanced settings apply (not where the view draws its own models). */
  advanced: boolean;
  /** The model keys of the side panel when the view draws its own networks (else the model's keys). */
  modelKeys?: readonly ParamKey[];
  /** The weight-file import applies (the view uses the state's network). */
  importable: boolean;
  /** Why the view does not apply to another family's model (the models it does apply to follow). */
  notFor: string;
}

const both: readonly Family[] = ['1d', 'vector'];

export const VIEWS: Record<Tab, ViewDef> = {
  explore: {
    families: both,
    jobs: { '1d': ['panel1d', 'diagram'], vector: ['vectorPanel', 'diagram'] },
    panels: (m) => (familyOf(m) === '1d' ? ['readouts', 'cobweb', 'trajectory', 'diagram'] : ['readouts', hasMeanField(m) ? 'meanfield' : 'attractor', 'units', 'diagram']),
    groups: ['model', 'orbit', 'diagram'],
    advanced: true,
    importable: true,
    notFor: '',
  },
  spectrum: {
    families: ['vector'],
    jobs: { vector: ['spectrum'] },
    panels: () => ['spectrum', 'sizescan'],
    groups: ['model', 'orbit'],
    advanced: true,
    importable: true,
    notFor: 'The Lyapunov spectrum is for the vector maps. For a 1-D map the single exponent is in Explore.',
  },
  eigen: {
    families: ['vector'],
    jobs: { vector: ['eigen'] },
    panels: () => ['fixedpoints', 'eigenplane'],
    groups: ['model'],
    advanced: true,
    importable: true,
    notFor:
      'Eigenvalues of the weight matrix are for the vector maps. For a 1-D map the “matrix” is a single number: the fixed points of f and their multipliers f′(x*) are on the Explore view, its cycles and their multipliers on Periodic points & Li–Yorke.',
  },
  gradients: {
    families: both,
    jobs: { '1d': ['gradients'], vector: ['gradients'] },
    panels: () => ['gradmeter', 'bptt'],
    groups: ['model'],
    advanced: true,
    importable: true,
    notFor: '',
  },
  training: {
    families: both,
    jobs: { '1d': ['training'], vector: ['training'] },
    panels: () => ['training', 'tausweep'],
    groups: [],
    advanced: false,
    importable: false,
    notFor: '',
  },
  periodic: {
    families: ['1d'],
    jobs: { '1d': ['periodic'] },
    panels: () => ['periodic', 'pcobweb'],
    groups: ['model', 'orbit'],
    advanced: true,
    importable: true,
    notFor: 'Periodic points, Sharkovsky’s order and Li–Yorke chaos are theorems about maps of an interval: choose a 1-D model.',
  },
  expressivity: {
    families: ['1d'],
    jobs: { '1d': ['expressivity'] },
    panels: () => ['laps', 'graph', 'persistence'],
    groups: ['model'],
    advanced: true,
    importable: true,
    notFor: 'Laps of fᵗ count the monotone pieces of a map of an interval: choose a 1-D model.',
  },
  sweep: {
    families: both,
    jobs: { '1d': ['sweep'], vector: ['sweep'] },
    panels: () => ['sweep'],
    groups: ['model'],
    // the sweep draws its own 1-D networks (width and g are swept): only these model keys apply
    modelKeys: ['act', 'init', 'sb', 'out', 'seed'],
    advanced: false,
    importable: false,
    notFor: '',
  },
  phase: {
    families: both,
    jobs: { '1d': ['phase'], vector: ['phase'] },
    panels: () => ['phase'],
    // the two axes are swept; the transient (orbit) applies to every cell
    groups: ['model', 'orbit'],
    advanced: true,
    importable: true,
    notFor: '',
  },
};

/** Whether the view shows the model (else its notice). */
export function viewServes(tab: Tab, model: Model): boolean {
  return VIEWS[tab].families.includes(familyOf(model));
}

/**
 * Whether the job follows the state: its view is shown, for a model it
 * serves, and the page is not comparing two states (cmp=…: the two sides are
 * frames of their own, each running its own jobs; the page itself computes nothing).
 */
export function jobActive(job: JobName, p: { tab: Tab; model: Model; cmp: readonly string[] }): boolean {
  if (p.cmp.length) return false;
  return VIEWS[p.tab].jobs[familyOf(p.model)]?.includes(job) ?? false;
}

/** The panels a view shows for the model (none where it does not serve it). */
export function panelsOfView(tab: Tab, model: Model): PanelId[] {
  return viewServes(tab, model) ? VIEWS[tab].panels(model) : [];
}

/** The notice of a view for a model it does not serve, naming the models it does. */
export function notForText(tab: Tab): string {
  const v = VIEWS[tab];
  const names = MODEL_LIST.filter((m) => v.families.includes(m.family)).map((m) => `the ${m.name}`);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0];
  return `${v.notFor} It shows ${list}.`;
}

export const PANEL_TITLES: Record<PanelId, string> = {
  readouts: 'Readouts',
  cobweb: 'Cobweb',
  trajectory: 'Trajectory & scrambling',
  diagram: 'Orbit diagram',
  meanfield: 'Mean-field variance map',
  attractor: 'Attractor',
  units: 'Units & twin trajectory',
  spectrum: 'Lyapunov spectrum',
  sizescan: 'Size invariance',
  eigenplane: 'Eigenvalues in the plane',
  fixedpoints: 'Eigenvalues & fixed points',
  gradmeter: 'Gradient meter',
  bptt: 'BPTT loss gradient',
  training: 'Training',
  tausweep: 'τ sweep',
  periodic: 'Periodic points & Li–Yorke',
  pcobweb: 'f and fᵖ with the cycles',
  laps: 'Laps of fᵗ',
  graph: 'Graph of fᵗ',
  persistence: 'Persistence',
  sweep: 'Chaos probability',
  phase: 'Phase diagram',
};
