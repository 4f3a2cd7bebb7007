/**
 * "Explore the trained model": the training lab's model as it stands becomes
 * the lab's imported network (core/training/trainedNetwork.ts) at g = 1, kept
 * on this device like a dropped file, and the Lyapunov spectrum view opens on
 * it. Small models travel inside the link (params/weights.ts).
 */
import { importPatch } from '../../../core/models';
import { trainingControl } from '../../../compute/trainingEngine';
import type { Params } from '../../../params/spec';
import { weightsHash } from '../../../params/weights';
import { appStore } from '../../../state/store';
import { storeWeights } from '../../../state/weightStore';

/** Import the trained model; the message when there is none. */
export async function exploreTrainedModel(p: Params): Promise<string | null> {
  const net = await trainingControl.network();
  if (!net) return 'The run is no longer kept by the worker: run it again.';
  const ref = { hash: weightsHash(net.weights), data: net.weights, name: `trained-${p.tmod}-M${p.tM}-${p.td}.json` };
  appStore.getState().importNetwork(ref, { ...importPatch(net.model, net.weights, net.patch), ...net.patch, tab: 'spectrum' });
  void storeWeights(ref);
  return null;
}
