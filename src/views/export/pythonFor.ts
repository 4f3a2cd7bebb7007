/**
 * The "Copy as Python" script of the current state for a panel. The generator
 * (src/export/python.ts, with the seeded weight draws) is loaded on demand.
 */
import type { PanelId } from '../../params/spec';
import type { PythonRequest } from '../../export/python';
import { encodeHash } from '../../params/url';
import { appStore, importedOf } from '../../state/store';

export async function pythonFor(panel: PanelId, app?: PythonRequest['app']): Promise<string> {
  const { pythonScript } = await import('../../export/python');
  const s = appStore.getState();
  const link = `${location.href.split('#')[0]}#${encodeHash({ params: s.params, weights: s.weights })}`;
  return pythonScript({ params: s.params, imported: importedOf(s), panel, link, app });
}
