/**
 * Keyboard shortcuts of the whole page (the `?` dialog lists them). Keys that
 * a focused control needs itself (typing, a slider's arrows, a button's
 * space) are left to it.
 */
import { THEMES } from '../params/spec';
import { appStore } from '../state/store';
import { uiStore } from '../state/ui';
import { togglePlay } from './play';
import { stepTour } from './lecture/tourNav';

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: '← →', what: 'nudge the focused slider (Shift: fine); otherwise previous / next tour step' },
  { keys: 'Page Up / Page Down', what: 'previous / next tour step (presenter clickers)' },
  { keys: 'Space', what: 'play / pause a slow sweep of g (the orbit diagram’s parameter) across the diagram' },
  { keys: 'g', what: 'focus the g slider (then ← →)' },
  { keys: '1 … 9', what: 'jump to the n-th panel of the view' },
  { keys: 'p', what: 'presentation mode on / off' },
  { keys: 'f', what: 'full screen on / off' },
  { keys: 'c', what: 'open / close the controls drawer (presentation mode)' },
  { keys: 't', what: 'next colour theme (device, light, dark, projector)' },
  { keys: 's', what: 'share & present: link builder, QR code, tours' },
  { keys: '?', what: 'this list' },
  { keys: 'Esc', what: 'close a dialog; leave presentation mode' },
];

/** Whether the key belongs to the focused element (typing, selects, sliders, buttons). */
function ownedByTarget(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t || !t.tagName) return false;
  if (t.isContentEditable) return true;
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    if (type === 'checkbox' || type === 'radio') return e.key === ' ';
    // a slider keeps only its movement keys: space, digits and letters stay shortcuts
    if (type === 'range') return /^(Arrow|Page|Home|End)/.test(e.key);
    return true; // text boxes keep every key
  }
  if ((tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY') && (e.key === ' ' || e.key === 'Enter')) return true;
  return false;
}

export function toggleFullscreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  else void document.documentElement.requestFullscreen?.().catch(() => {});
}

function focusPanel(n: number): void {
  const panels = [...document.querySelectorAll<HTMLElement>('main section[data-panel]')];
  const p = panels[n];
  if (!p) return;
  p.focus({ preventScroll: true });
  p.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

export function handleShortcut(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
  const ui = uiStore.getState();
  if (ui.dialog) return; // the dialog has the keyboard (Esc closes it)
  if (ownedByTarget(e)) return;
  const app = appStore.getState();
  const key = e.key;
  let done = true;
  if (key === 'ArrowRight' || key === 'PageDown') done = stepTour(1);
  else if (key === 'ArrowLeft' || key === 'PageUp') done = stepTour(-1);
  else if (key === ' ') togglePlay();
  else if (key === '?') ui.open('help');
  else if (key === 's') ui.open('share');
  else if (key === 'p') app.setParam('present', app.params.present ? 0 : 1, { history: 'push' });
  else if (key === 'f') toggleFullscreen();
  else if (key === 'c') ui.setDrawer(!ui.drawerOpen);
  else if (key === 't') app.setParam('theme', THEMES[(THEMES.indexOf(app.params.theme) + 1) % THEMES.length], { history: 'push' });
  else if (key === 'g') {
    const slider = document.querySelector<HTMLInputElement>('input[type=range][data-param="g"]');
    if (slider) slider.focus();
    else done = false;
  } else if (key === 'Escape' && app.params.present && !document.fullscreenElement) app.setParam('present', 0, { history: 'push' });
  else if (/^[1-9]$/.test(key)) focusPanel(Number(key) - 1);
  else done = false;
  if (done) e.preventDefault();
}
