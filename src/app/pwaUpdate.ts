/**
 * A new version of the lab announces itself instead of replacing files under
 * an open tab (issue #13): the service worker of a new deploy installs and
 * waits (no skipWaiting), the tabs keep the old precache — so every chunk an
 * open tab may still ask for stays loadable — and the banner offers a reload,
 * which lets the waiting worker take over. main.tsx connects the registration
 * (virtual:pwa-register); this module only holds the state, so views and
 * tests do not import the virtual module.
 */
type Listener = (ready: boolean) => void;

let ready = false;
let apply: (() => Promise<void>) | null = null;
const listeners = new Set<Listener>();

/** The registration found a waiting new version; `update` activates it and reloads. */
export function announceUpdate(update: () => Promise<void>): void {
  apply = update;
  ready = true;
  for (const l of listeners) l(true);
}

export function updateReady(): boolean {
  return ready;
}

export function onUpdateReady(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Take the new version now (the page reloads). */
export function applyUpdate(): void {
  if (apply) void apply();
  else window.location.reload();
}
