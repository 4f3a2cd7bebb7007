/** The training lab's runner (P10; placeholder until it lands). */
import type { EngineContext, EnginePlugin } from './lanes';

export function startTraining(_ctx: EngineContext): EnginePlugin {
  return { followers: [] };
}
