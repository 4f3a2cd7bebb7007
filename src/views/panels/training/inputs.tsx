/** The training lab's inputs: the τ list and the CSV box (paste, drop, choose the columns). */
import { ListInput } from '../../controls/ListInput';
import { useFileDrop } from '../../controls/useFileDrop';
import { fmtCount } from '../../format';
import { useState } from 'react';
import { chooseCsvColumns, csvSlot, setCsv } from '../../../compute/trainingInputs';
import { useResult } from '../../useResult';
import { CSV_MAX_CHOSEN, type CsvParse } from '../../../core/training/csvData';
import { parseCsvOffThread } from '../../../compute/csvParser';
import { PARAM_SPECS } from '../../../params/spec';

// ---------------------------------------------------------------------------
// Controls

export function TauListInput() {
  return <ListInput k="tsw" label={`${PARAM_SPECS.tsw.label} (τ values)`} testId="tau-list" className="train-taus" />;
}

export function CsvBox() {
  const csv = useResult(csvSlot);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [warnings, setWarnings] = useState<string[]>([]);
  /** While a file is parsed (in a worker): its name and the fraction read. */
  const [reading, setReading] = useState<{ name: string; fraction: number } | null>(null);
  const load = (name: string, input: File | string) => {
    setReading({ name, fraction: 0 });
    parseCsvOffThread(input, (fraction) => setReading({ name, fraction })).then(
      (r) => {
        setReading(null);
        use(name, r);
      },
      () => undefined, // replaced by a newer file: that one reports
    );
  };
  const use = (name: string, r: CsvParse) => {
    if (!r.ok) {
      setErrors(r.errors);
      setWarnings([]);
      return;
    }
    setErrors([]);
    setWarnings(r.warnings);
    setCsv(name, r.table);
  };
  const readFile = (f: File | undefined) => {
    if (!f) return;
    if (f.size > 30e6) return setErrors([`${f.name} is ${(f.size / 1e6).toFixed(0)} MB: at most 30 MB.`]);
    load(f.name, f);
  };
  const toggle = (c: number) => {
    if (!csv) return;
    const on = csv.chosen.includes(c);
    if (!on && csv.chosen.length >= CSV_MAX_CHOSEN) return;
    chooseCsvColumns(on ? csv.chosen.filter((v) => v !== c) : [...csv.chosen, c]);
  };
  const drop = useFileDrop(readFile);
  return (
    <div className={`train-csv${drop.over ? ' over' : ''}`} data-testid="train-csv" {...drop.handlers}>
      <div className="train-csv-input">
        <textarea
          aria-label="CSV text"
          placeholder={'Paste a CSV here or drop a file: one row per time step, one column per variable, e.g.\nx,y\n0.12,-1.3\n0.15,-1.1\n…'}
          value={text}
          rows={4}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="train-csv-buttons">
          <button type="button" className="small" onClick={() => load('pasted text', text)} disabled={!text.trim()} data-testid="train-csv-use">
            Use the pasted text
          </button>
          <label className="file-button">
            Choose a file…
            <input type="file" accept=".csv,.txt,.tsv,text/csv,text/plain" onChange={(e) => readFile(e.target.files?.[0])} />
          </label>
        </div>
      </div>
      <p className="field-note">
        Numbers only, separated by commas, semicolons, tabs or spaces; a header line is optional. The data stay in this browser: the link does not carry them
        (whoever opens it must load the file too).
      </p>
      {reading && (
        <p className="field-note" role="status" data-testid="train-csv-progress">
          Reading {reading.name}… {Math.round(100 * reading.fraction)} %
        </p>
      )}
      {errors.length > 0 && (
        <ul className="error" role="alert" data-testid="train-csv-errors">
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul className="field-note">
          {warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      {csv && (
        <fieldset className="train-csv-columns">
          <legend>
            {csv.name}: {fmtCount(csv.table.rows)} rows · columns to learn
          </legend>
          {csv.table.columns.map((c, i) => (
            <label key={i}>
              <input type="checkbox" checked={csv.chosen.includes(i)} onChange={() => toggle(i)} /> {c}
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
