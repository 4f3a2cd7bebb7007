/**
 * A trained model as a network of the other views (core/training/trainedNetwork.ts):
 * imported at g = 1, its map steps exactly as the trained latent map does, for
 * every model the training lab trains; small ones travel in a link and come
 * back with the same hash, and so does a saved .json.
 */
import { describe, expect, it } from 'vitest';
import { lorenzData } from '../../../src/core/training/trainData';
import { Trainer } from '../../../src/core/training/trainLoop';
import { modelMap } from '../../../src/core/training/trainModels';
import { trainedNetwork } from '../../../src/core/training/trainedNetwork';
import { buildMapND, importPatch } from '../../../src/core/models';
import { Rng } from '../../../src/core/linalg/rng';
import { modelParams } from '../../../src/params/requests';
import { decodeHash } from '../../../src/params/url';
import { decodeWeightsData, encodeWeightsData, networkToJson, weightsHash } from '../../../src/params/weights';
import { parseWeightFile } from '../../../src/params/weightFile';

const lorenz = lorenzData();

describe('a trained model as an imported network', () => {
  it.each(['plrnn', 'rnn', 'gru', 'lstm'] as const)('%s: the map at g = 1 is the trained latent map, bit for bit; the link round trip keeps the weights', (kind) => {
    const cfg = { model: kind, m: 5, method: 'stf', tau: 10, alpha: 0, clip: 1, T: 30, lr: 1e-2, steps: 20, seed: 4, batch: 4 } as const;
    const tr = new Trainer(lorenz, cfg);
    for (let s = 0; s < 20; s++) tr.step();
    const net = trainedNetwork(tr.layout, tr.theta);
    expect(net.model).toBe(kind);
    const p = modelParams({ ...decodeHash(`#model=${kind}`).params, ...importPatch(net.model, net.weights, net.patch), ...net.patch });
    expect(p.g).toBe(1);
    const imported = buildMapND(p, net.weights);
    expect(imported.n).toBe(tr.layout.d);
    const rng = new Rng(8);
    for (let c = 0; c < 5; c++) {
      const z = rng.normals(tr.layout.d);
      const a = new Float64Array(z.length);
      const b = new Float64Array(z.length);
      imported.step(z, a, c);
      const trained = modelMap(tr.layout, tr.theta, z);
      trained.step(z, b, c);
      expect([...a]).toEqual([...b]);
      // and the tangent step of a frame (so every exponent of the spectrum view is the trained map's)
      const k = 3;
      const Q = rng.normals(z.length * k);
      const [Ya, Yb] = [new Float64Array(z.length * k), new Float64Array(z.length * k)];
      const lda = imported.tangentStep(z, a, Q, Ya, k, c, true);
      const ldb = trained.tangentStep(z, b, Q, Yb, k, c, true);
      expect([...Ya]).toEqual([...Yb]);
      expect(lda).toBe(ldb);
    }
    // small enough to travel inside a link (INLINE_MAX_NUMBERS), and back with the same hash
    const back = decodeWeightsData(encodeWeightsData(net.weights), kind);
    expect(typeof back).not.toBe('string');
    expect(weightsHash(back as typeof net.weights)).toBe(weightsHash(net.weights));
    // saved as the lab's .json (the import panel's Save), read back as a weight file: the same network
    const file = parseWeightFile(new TextEncoder().encode(networkToJson(net.model, net.weights, p)), 'trained.json');
    expect(file.ok, file.ok ? '' : file.error).toBe(true);
    if (file.ok) {
      expect(file.net.model).toBe(kind);
      expect(weightsHash(file.net.weights)).toBe(weightsHash(net.weights));
    }
    // trained, not the initialisation: the map moved with the steps
    const fresh = new Trainer(lorenz, cfg);
    const init = trainedNetwork(fresh.layout, fresh.theta);
    expect(weightsHash(init.weights)).not.toBe(weightsHash(net.weights));
  });
});
