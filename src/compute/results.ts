/**
 * Latest results per panel, outside React and outside the store (they are
 * big typed arrays). Panels read them with useSyncExternalStore.
 */
import { useSyncExternalStore } from 'react';

export class ResultSlot<T> {
  private value: T | null = null;
  private readonly listeners = new Set<() => void>();

  get = (): T | null => this.value;

  set(v: T | null): void {
    this.value = v;
    for (const l of [...this.listeners]) l();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
}

export function useResult<T>(slot: ResultSlot<T>): T | null {
  return useSyncExternalStore(slot.subscribe, slot.get, slot.get);
}
