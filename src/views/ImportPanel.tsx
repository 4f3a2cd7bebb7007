/**
 * Import a trained network: drop a file or paste JSON — a PyTorch state_dict
 * (.safetensors, or .json of tensor names to nested arrays) with an nn.GRU,
 * nn.LSTM or nn.RNN, or one of the lab's JSON formats (docs/import.md). The
 * file is read in a worker with a message naming what is wrong; the network is
 * kept on this device and referred to in the link by its content hash (small
 * networks travel inside the link too).
 */
import { useState } from 'react';
import { kindOf, networkToJson, weightsWidth, type ImportedData } from '../params/weights';
import { modelParams } from '../params/requests';
import { saveText } from './export/download';
import { describeModule } from '../params/weightFile';
import { useFileDrop } from './controls/useFileDrop';
import { appStore, useApp } from '../state/store';
import { useWeightImport } from './import/useWeightImport';

/** The slightly detuned tent map of Paper B's scrambling figure (chaotic even in floating point). */
const EXAMPLE = '{"model":"net1d","w":[1,1],"b":[0.00001,-0.502],"a":[1.9999,-4],"c":0,"activation":"relu","output":"identity"}';

export const WEIGHT_FILE_ACCEPT = '.json,.safetensors,application/json';

/** Download the imported network as the lab's .json (its φ and σ_out from the current state). */
function saveNetwork(data: ImportedData, name: string | null, hash: string): void {
  const base = name ? name.replace(/\.(json|safetensors)$/i, '') : `network-${hash.slice(0, 8)}`;
  saveText(networkToJson(kindOf(data), data, modelParams(appStore.getState().params)), `${base}.json`, 'application/json');
}

export function ImportPanel() {
  const weights = useApp((s) => s.weights);
  const [text, setText] = useState('');
  const imp = useWeightImport(null);
  const [module, setModule] = useState('');

  const readFile = (f: File | undefined) => {
    if (f) imp.read(f, f.name);
  };
  const drop = useFileDrop(readFile);
  const busy = imp.progress !== null;
  return (
    <details className="import" open={!!weights || undefined}>
      <summary>Import a network</summary>
      {weights && (
        <p className="imported" data-testid="imported">
          Using imported weights {weights.name ? `${weights.name} ` : ''}#{weights.hash.slice(0, 8)} (
          {weights.data ? `${kindOf(weights.data)}, ${weightsWidth(weights.data)} units` : 'not on this device'}).{' '}
          <button type="button" className="small" onClick={() => appStore.getState().clearImport()}>
            Use the seeded network
          </button>{' '}
          {weights.data && (
            <button type="button" className="small" data-testid="import-save" title="The network as a .json file the lab imports again (a PyTorch state_dict for the GRU, LSTM and Elman stack)" onClick={() => saveNetwork(weights.data!, weights.name ?? null, weights.hash)}>
              Save as .json
            </button>
          )}
        </p>
      )}
      <div className={`dropzone${drop.over ? ' over' : ''}`} {...drop.handlers}>
        <label>
          Drop a PyTorch state_dict (.safetensors or .json) or a network .json here, or{' '}
          <input type="file" accept={WEIGHT_FILE_ACCEPT} onChange={(e) => readFile(e.target.files?.[0])} aria-label="Network file" disabled={busy} />
        </label>
        <textarea aria-label="Network JSON" placeholder={EXAMPLE} rows={3} value={text} onChange={(e) => setText(e.target.value)} data-testid="import-text" />
        <div className="row">
          <button type="button" onClick={() => imp.read(new TextEncoder().encode(text), 'the pasted JSON')} disabled={!text.trim() || busy} data-testid="import-button">
            Import
          </button>
          <button type="button" className="small" onClick={() => setText(EXAMPLE)}>
            Example (detuned tent map)
          </button>
        </div>
      </div>
      {busy && (
        <p className="field-note" role="status" data-testid="import-progress">
          Reading… <progress max={1} value={imp.progress ?? 0} aria-label="Reading the weight file" /> {Math.round(100 * (imp.progress ?? 0))}%
        </p>
      )}
      {imp.choice && (
        <div className="row import-choice" data-testid="import-modules">
          <label>
            Recurrent module{' '}
            <select value={module || imp.choice[0].name} onChange={(e) => setModule(e.target.value)} aria-label="Recurrent module to import">
              {imp.choice.map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}: {describeModule(m)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => imp.choose(module || imp.choice![0].name)} data-testid="import-module-button">
            Import this module
          </button>
        </div>
      )}
      {imp.summary && !imp.error && (
        <p className="field-note" data-testid="import-summary">
          {imp.summary}{' '}
          <span data-testid="import-stored" data-stored={imp.stored === null ? 'pending' : String(imp.stored)}>
            {imp.stored === null
              ? 'Keeping it on this device…'
              : imp.stored
                ? 'Kept on this device: the link finds it after a reload.'
                : 'It could not be kept on this device (storage full, blocked or private): a reload of the link will ask for the file.'}
          </span>
        </p>
      )}
      {imp.error && (
        <p className="error" role="alert" data-testid="import-error">
          {imp.error}
        </p>
      )}
    </details>
  );
}
