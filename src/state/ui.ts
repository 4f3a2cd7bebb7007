/**
 * Screen-only state that is not part of the link: which dialog is open,
 * the presentation drawer, the g animation.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';

export type Dialog = 'share' | 'scenes' | 'about' | 'help' | 'qr' | null;

export interface UiState {
  dialog: Dialog;
  /** In presentation mode the side panel is a drawer. */
  drawerOpen: boolean;
  /** The slow g sweep (space) is running. */
  playing: boolean;
  /** A panel is laid out for a slide (export): plots use presentation-sized type. */
  slideLayout: boolean;
  open(d: Dialog): void;
  close(): void;
  setDrawer(open: boolean): void;
  setPlaying(p: boolean): void;
  setSlideLayout(on: boolean): void;
}

export const uiStore = createStore<UiState>()((set) => ({
  dialog: null,
  drawerOpen: false,
  playing: false,
  slideLayout: false,
  open: (dialog) => set({ dialog }),
  close: () => set({ dialog: null }),
  setDrawer: (drawerOpen) => set({ drawerOpen }),
  setPlaying: (playing) => set({ playing }),
  setSlideLayout: (slideLayout) => set({ slideLayout }),
}));

export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(uiStore, selector);
}
