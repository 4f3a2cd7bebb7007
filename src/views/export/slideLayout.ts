/**
 * A slide is 16:9, a panel on screen rarely is (the orbit diagram is a wide
 * strip, a cobweb sits in a narrow column). Before the slide is drawn, the
 * panel is laid out once at a slide's proportions — fixed over the page for a
 * moment, its plots re-rendered at that size (and the orbit diagram
 * recomputed for its new width) — then put back. The slide then fills its
 * frame instead of letterboxing the on-screen shape.
 */
import { settle } from './sweepRecorder';
import { uiStore } from '../../state/ui';
import { appStore } from '../../state/store';

/** CSS pixels of the temporary layout: 16:9 plus room for the header, legend and explanation. */
export const SLIDE_LAYOUT = { width: 1600, height: 880 };

export async function withSlideLayout<T>(section: HTMLElement, draw: () => T, timeoutMs = 20_000): Promise<T> {
  section.classList.add('slide-layout');
  uiStore.getState().setSlideLayout(true);
  section.style.width = `${SLIDE_LAYOUT.width}px`;
  section.style.height = `${SLIDE_LAYOUT.height}px`;
  const ctl = new AbortController();
  try {
    // a plot whose size drives its computation (the orbit diagram) starts a new
    // job a few frames after the resize: give it the chance before settling
    const t0 = performance.now();
    while (performance.now() - t0 < 400 && !Object.values(appStore.getState().jobs).some((j) => j.state === 'running')) {
      await new Promise<void>((r) => requestAnimationFrame(() => r()));
    }
    await settle(ctl.signal, timeoutMs);
    return draw();
  } finally {
    section.classList.remove('slide-layout');
    uiStore.getState().setSlideLayout(false);
    section.style.width = '';
    section.style.height = '';
  }
}
