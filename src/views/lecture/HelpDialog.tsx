/** `?`: the keyboard shortcuts. */
import { uiStore, useUi } from '../../state/ui';
import { SHORTCUTS } from '../keyboard';
import { Dialog } from './Dialog';

export function HelpDialog() {
  const open = useUi((s) => s.dialog === 'help');
  return (
    <Dialog open={open} onClose={() => uiStore.getState().close()} title="Keyboard shortcuts" testId="help-dialog">
      <dl className="shortcuts">
        {SHORTCUTS.map((s) => (
          <div key={s.keys}>
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <p className="hint">Every plot can be reached with Tab; its label reads out what it shows. Sliders take ← → (Shift for fine steps), and their number boxes take typed values.</p>
    </Dialog>
  );
}
