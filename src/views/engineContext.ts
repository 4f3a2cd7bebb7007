import { createContext, useContext } from 'react';
import type { Engine } from '../compute/engine';

export const EngineContext = createContext<Engine | null>(null);

export function useEngine(): Engine | null {
  return useContext(EngineContext);
}
