/** The side panel: one control per relevant parameter, grouped as in the spec table. */
import { PARAM_ORDER, PARAM_SPECS, isRelevant, type Group, type ParamKey, type Tab } from '../../params/spec';
import { useApp } from '../../state/store';
import { modelOf, type Model } from '../../core/models';
import { VIEWS } from '../../params/views';
import { ParamControl } from './ParamControl';
import { ImportPanel } from '../ImportPanel';

const GROUPS: { id: Group; title: string }[] = [
  { id: 'model', title: 'Model' },
  { id: 'orbit', title: 'Orbit' },
  { id: 'diagram', title: 'Orbit diagram' },
];

/** Keys edited by other means (the diagram's zoom) are not shown as controls. */
const HIDDEN: ParamKey[] = ['bx0', 'bx1', 'by0', 'by1'];

/** The side panel's controls for a view, by group (before the link's `hide`). */
export function sidePanelKeys(model: Model, tab: Tab, imported: boolean): { group: Group; title: string; keys: ParamKey[] }[] {
  const view = VIEWS[tab];
  const keysOf = (g: Group) =>
    view.modelKeys && g === 'model'
      ? [...view.modelKeys]
      : PARAM_ORDER.filter(
          (k) => PARAM_SPECS[k].group === g && !HIDDEN.includes(k) && isRelevant(k, model) && !(imported && (k === 'k' || k === 'init' || k === 'seed')),
        );
  const advanced = view.advanced ? [{ id: 'advanced' as const, title: 'Advanced' }] : [];
  return [...GROUPS.filter((g) => view.groups.includes(g.id)), ...advanced].map((g) => ({
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
      {modelOf(model).importer && VIEWS[tab].importable && <ImportPanel />}
    </aside>
  );
}
