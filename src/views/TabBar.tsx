/** The views of the lab; the choice is part of the link (`tab`). */
import { PARAM_SPECS, TABS } from '../params/spec';
import { appStore, useApp } from '../state/store';

export function TabBar() {
  const tab = useApp((s) => s.params.tab);
  return (
    <nav className="tabs" role="tablist" aria-label="Views">
      {TABS.map((t) => (
        <button
          key={t}
          type="button"
          role="tab"
          aria-selected={tab === t}
          data-tab={t}
          className={tab === t ? 'tab active' : 'tab'}
          onClick={() => appStore.getState().setParam('tab', t, { history: 'push' })}
        >
          {PARAM_SPECS.tab.labels[t]}
        </button>
      ))}
    </nav>
  );
}
