/**
 * Axes shared between two frames (compare mode, views/compare/CompareView.tsx):
 * every Plot with a testId reports the domains its data asks for (its own,
 * before any sharing), and may be given domains to include as well — the
 * other side's for the same plot — so the same axis has the same range on
 * both sides and the difference between them is visible.
 */
import { useSyncExternalStore } from 'react';

export type Domain = [number, number];
export interface PlotDomains {
  x: Domain;
  y: Domain;
}

/** Each plot's own domains, by testId (the plots on screen). */
const own = new Map<string, PlotDomains>();
/** Domains to include, by testId (from the host page). */
let shared: Record<string, PlotDomains> = {};
const listeners = new Set<() => void>();

export function reportDomains(id: string, d: PlotDomains): () => void {
  own.set(id, d);
  return () => {
    if (own.get(id) === d) own.delete(id);
  };
}

/** The domains the plots on screen ask for themselves. */
export function ownDomains(): Record<string, PlotDomains> {
  return Object.fromEntries(own);
}

/** Set the domains each plot must include (replacing the previous ones). */
export function shareDomains(d: Record<string, PlotDomains>): void {
  shared = d;
  for (const l of [...listeners]) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

const union = (a: Domain, b: Domain | undefined): Domain => (b && Number.isFinite(b[0]) && Number.isFinite(b[1]) ? [Math.min(a[0], b[0]), Math.max(a[1], b[1])] : a);

/** A plot's domains with the shared ones included (the same arrays while nothing is shared, so memos hold). */
export function useSharedDomains(id: string | undefined, x: Domain, y: Domain): PlotDomains {
  const s = useSyncExternalStore(subscribe, () => (id ? shared[id] : undefined));
  if (!s) return { x, y };
  const ux = union(x, s.x);
  const uy = union(y, s.y);
  return { x: ux[0] === x[0] && ux[1] === x[1] ? x : ux, y: uy[0] === y[0] && uy[1] === y[1] ? y : uy };
}

/** The union of two sides' reports, for the plots both have. */
export function commonDomains(a: Record<string, PlotDomains>, b: Record<string, PlotDomains>): Record<string, PlotDomains> {
  const out: Record<string, PlotDomains> = {};
  for (const id of Object.keys(a)) if (b[id]) out[id] = { x: union(a[id].x, b[id].x), y: union(a[id].y, b[id].y) };
  return out;
}
