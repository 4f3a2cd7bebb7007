/**
 * The colour theme and presentation mode, as the link says: the resolved
 * theme (auto → the device's setting) picks the plot palette and the CSS
 * variables (data-theme on <html>); presentation mode scales type and lines.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { useApp } from '../state/store';
import { useUi } from '../state/ui';
import { setPalette, type PaletteName } from './palette';

const DARK_QUERY = '(prefers-color-scheme: dark)';
/** A 4K screen or projector at 100 % zoom: type grows as in presentation mode. */
const BIG_QUERY = '(min-width: 2400px)';

/**
 * One MediaQueryList and one pair of stable subscribe/snapshot functions per
 * query: every plot asks on every render (a drag re-renders them each frame),
 * and new functions each time made React re-subscribe and re-evaluate the query.
 */
const mediaStores = new Map<string, { subscribe: (onChange: () => void) => () => void; get: () => boolean }>();

function mediaStore(query: string) {
  let store = mediaStores.get(query);
  if (!store) {
    const mq = typeof matchMedia === 'function' ? matchMedia(query) : null;
    store = {
      subscribe: (onChange) => {
        mq?.addEventListener('change', onChange);
        return () => mq?.removeEventListener('change', onChange);
      },
      get: () => mq?.matches ?? false,
    };
    mediaStores.set(query, store);
  }
  return store;
}

function useMedia(query: string): boolean {
  const store = mediaStore(query);
  return useSyncExternalStore(store.subscribe, store.get, () => false);
}

/** The theme in effect: light, dark or projector. */
export function useResolvedTheme(): PaletteName {
  const theme = useApp((s) => s.params.theme);
  const dark = useMedia(DARK_QUERY);
  return theme === 'auto' ? (dark ? 'dark' : 'light') : theme;
}

/** Line widths on canvases are multiplied by this (thicker on a projector). */
let lineScale = 1;
export function currentLineScale(): number {
  return lineScale;
}

/**
 * Apply theme and presentation mode. Called while the app shell renders, so
 * the palette is in place before any plot draws.
 */
export function useThemeAndPresentation(): { theme: PaletteName; present: boolean } {
  const theme = useResolvedTheme();
  const present = useApp((s) => s.params.present === 1);
  const big = useMedia(BIG_QUERY);
  setPalette(theme);
  lineScale = (present ? 1.7 : 1) * (theme === 'projector' ? 1.3 : 1) * (big ? 1.5 : 1);
  const typeScale = useTypeScale();
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.classList.toggle('present', present);
    root.style.setProperty('--type-scale', String(typeScale));
    const meta = document.querySelector('meta[name="theme-color"]');
    if (meta) meta.setAttribute('content', theme === 'dark' ? '#171b21' : '#0b4f8a');
  }, [theme, present, typeScale]);
  return { theme, present };
}

/** Type in px inside plots is scaled by this (the CSS variable --type-scale, set on <html>). */
export const PRESENT_TYPE_SCALE = 1.45;
export const BIG_SCREEN_TYPE_SCALE = 1.35;
export function useTypeScale(): number {
  const present = useApp((s) => s.params.present === 1);
  const big = useMedia(BIG_QUERY);
  // a panel laid out for a slide (views/export/slideLayout.ts) gets presentation type
  const slide = useUi((s) => s.slideLayout);
  return present || slide ? PRESENT_TYPE_SCALE : big ? BIG_SCREEN_TYPE_SCALE : 1;
}

/** A key that changes whenever plots must repaint with new colours or line widths. */
export function usePaintKey(): string {
  const theme = useResolvedTheme();
  const present = useApp((s) => s.params.present);
  const big = useMedia(BIG_QUERY);
  return `${theme}/${present}/${big}`;
}
