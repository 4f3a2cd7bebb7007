/** Which panels a view shows, in order (for `show=`, number keys and the link builder). */
import { isModel1D, type Model } from '../../core/models';
import type { PanelId, Tab } from '../../params/spec';

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
};

export function panelsOfView(tab: Tab, model: Model): PanelId[] {
  const oneD = isModel1D(model);
  switch (tab) {
    case 'explore':
      return oneD ? ['readouts', 'cobweb', 'trajectory', 'diagram'] : ['readouts', model === 'rnn' ? 'meanfield' : 'attractor', 'units', 'diagram'];
    case 'spectrum':
      return oneD ? [] : ['spectrum', 'sizescan'];
    case 'eigen':
      return oneD ? [] : ['fixedpoints', 'eigenplane'];
    case 'gradients':
      return ['gradmeter', 'bptt'];
    case 'training':
      return ['training', 'tausweep'];
    case 'periodic':
      return oneD ? ['periodic', 'pcobweb'] : [];
    case 'expressivity':
      return oneD ? ['laps', 'graph', 'persistence'] : [];
    case 'sweep':
      return ['sweep'];
  }
}
