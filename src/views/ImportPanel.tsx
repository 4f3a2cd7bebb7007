/**
 * Import a trained network: drop a JSON file or paste it. The file
 * is validated with a message naming what is wrong; the network is kept on
 * this device and referred to in the link by its content hash (small
 * networks travel inside the link too).
 */
import { useState } from 'react';
import { kindOf, parseNetworkJson, weightsHash, weightsWidth } from '../params/weights';
import { rememberWeights } from '../state/urlSync';
import { useFileDrop } from './controls/useFileDrop';
import { importPatch } from '../core/models';
import { appStore, useApp } from '../state/store';

/** The slightly detuned tent map of Paper B's scrambling figure (chaotic even in floating point). */
const EXAMPLE = '{"model":"net1d","w":[1,1],"b":[0.00001,-0.502],"a":[1.9999,-4],"c":0,"activation":"relu","output":"identity"}';

/** Largest network file read: the widest importable network (512 units) at full precision, with room. */
const MAX_FILE_BYTES = 16_000_000;

export function ImportPanel() {
  const weights = useApp((s) => s.weights);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const importText = (json: string) => {
    const r = parseNetworkJson(json);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    setError(null);
    const ref = { hash: weightsHash(r.net.weights), data: r.net.weights };
    rememberWeights(ref, json);
    // the file's own φ, σ_out and width, at the scales that leave the weights as they are
    appStore.getState().importNetwork(ref, importPatch(r.net.model, r.net.weights, r.net.patch));
    setText('');
  };

  // every failure ends in a message, never in an exception the page does not show
  const load = (json: string) => {
    try {
      importText(json);
    } catch (e) {
      setError(`The network could not be imported: ${e instanceof Error ? e.message.slice(0, 200) : 'unknown error'}.`);
    }
  };

  const readFile = (f: File | undefined) => {
    if (!f) return;
    if (f.size > MAX_FILE_BYTES) {
      setError(`The file is ${(f.size / 1e6).toFixed(1)} MB; at most ${MAX_FILE_BYTES / 1e6} MB can be imported (a 512-unit RNN at full precision is about 6 MB).`);
      return;
    }
    f.text().then(load, () => setError('The file could not be read.'));
  };

  const drop = useFileDrop(readFile);
  return (
    <details className="import" open={!!weights || undefined}>
      <summary>Import a network</summary>
      {weights && (
        <p className="imported" data-testid="imported">
          Using imported weights #{weights.hash.slice(0, 8)} ({weights.data ? `${kindOf(weights.data)}, ${weightsWidth(weights.data)} units` : 'not on this device'}).{' '}
          <button type="button" className="small" onClick={() => appStore.getState().clearImport()}>
            Use the seeded network
          </button>
        </p>
      )}
      <div className={`dropzone${drop.over ? ' over' : ''}`} {...drop.handlers}>
        <label>
          Drop a .json file here, or <input type="file" accept=".json,application/json" onChange={(e) => readFile(e.target.files?.[0])} aria-label="Network file" />
        </label>
        <textarea
          aria-label="Network JSON"
          placeholder={EXAMPLE}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="import-text"
        />
        <div className="row">
          <button type="button" onClick={() => load(text)} disabled={!text.trim()} data-testid="import-button">
            Import
          </button>
          <button type="button" className="small" onClick={() => setText(EXAMPLE)}>
            Example (detuned tent map)
          </button>
        </div>
      </div>
      {error && (
        <p className="error" role="alert" data-testid="import-error">
          {error}
        </p>
      )}
    </details>
  );
}
