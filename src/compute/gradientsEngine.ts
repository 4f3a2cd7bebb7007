/** The gradient meter's lane (P5; placeholder until it lands). */
import type { EngineContext, EnginePlugin } from './lanes';

export function startGradients(_ctx: EngineContext): EnginePlugin {
  return { followers: [] };
}
