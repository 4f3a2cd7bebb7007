/** A panel's view of a result slot (compute/results.ts): re-renders when the slot changes. */
import { useSyncExternalStore } from 'react';
import type { ResultSlot } from '../compute/results';

export function useResult<T>(slot: ResultSlot<T>): T | null {
  return useSyncExternalStore(slot.subscribe, slot.get, slot.get);
}
