/** The side panel: one control per relevant parameter, grouped as in the spec table. */
import { PARAM_ORDER, PARAM_SPECS, isRelevant, type Group, type ParamKey, type Tab } from '../../params/spec';
import { useApp } from '../../state/store';
import type { Model } from '../../core/models';
import { ParamControl } from './ParamControl';
import { ImportPanel } from '../ImportPanel';

const GROUPS: { id: Group; title: string }[] = [
  { id: 'model', title: 'Model' },
  { id: 'orbit', title: 'Orbit' },
  { id: 'diagram', title: 'Orbit diagram' },
];

/** The sweep draws its own 1-D networks (width and g are swept): only these model keys apply. */
const SWEEP_MODEL_KEYS: ParamKey[] = ['act', 'init', 'sb', 'out', 'seed'];

/** Keys edited by other means (the diagram's zoom) are not shown as controls. */
const HIDDEN: ParamKey[] = ['bx0', 'bx1', 'by0', 'by1'];

/** Side-panel groups shown on each view (the views' own controls sit in their panels). */
const GROUPS_OF_TAB: Record<Tab, Group[]> = {
  explore: ['model', 'orbit', 'diagram'],
  spectrum: ['model', 'orbit'],
  eigen: ['model'],
  gradients: ['model'],
  training: [],
  periodic: ['model', 'orbit'],
  expressivity: ['model'],
  sweep: ['model'],
};

/** The side panel's controls for a view, by group (before the link's `hide`). */
export function sidePanelKeys(model: Model, tab: Tab, imported: boolean): { group: Group; title: string; keys: ParamKey[] }[] {
  const keysOf = (g: Group) =>
    tab === 'sweep' && g === 'model'
      ? SWEEP_MODEL_KEYS
      : PARAM_ORDER.filter(
          (k) => PARAM_SPECS[k].group === g && !HIDDEN.includes(k) && isRelevant(k, model) && !(imported && (k === 'k' || k === 'init' || k === 'seed')),
        );
  // the training lab and the sweep draw their own models: the orbit's advanced settings do not apply
  const advanced = tab === 'training' || tab === 'sweep' ? [] : [{ id: 'advanced' as const, title: 'Advanced' }];
  return [...GROUPS.filter((g) => GROUPS_OF_TAB[tab].includes(g.id)), ...advanced].map((g) => ({
    group: g.id,
    title: g.title,
    keys: keysOf(g.id),
  }));
}

export function ControlsPanel() {
  const model = useApp((s) => s.params.model);
  const tab = useApp((s) => s.params.tab);
  const imported = useApp((s) => s.weights !== null);
  const hide = useApp((s) => s.params.hide);
  const groups = sidePanelKeys(model, tab, imported).map((g) => ({ ...g, keys: g.keys.filter((k) => !hide.includes(k)) }));
  const advanced = groups.find((g) => g.group === 'advanced') ?? { keys: [] as ParamKey[] };
  return (
    <aside className="controls" aria-label="Controls" id="controls">
      {groups
        .filter((g) => g.group !== 'advanced' && g.keys.length > 0)
        .map((g) => (
          <section key={g.group}>
            <h3>{g.title}</h3>
            {g.keys.map((k) => (
              <ParamControl key={k} k={k} />
            ))}
          </section>
        ))}
      {advanced.keys.length > 0 && (
        <details>
          <summary>Advanced</summary>
          {advanced.keys.map((k) => (
            <ParamControl key={k} k={k} />
          ))}
        </details>
      )}
      {(model === 'net1d' || model === 'rnn' || model === 'plrnn') && tab !== 'sweep' && tab !== 'training' && <ImportPanel />}
    </aside>
  );
}
