/**
 * Parse a CSV for the training lab in a worker (workers/csv.worker.ts), with
 * progress: a 30 MB file does not freeze the page. One parse at a time: a new
 * one stops the old. Where workers are missing (unit tests), it parses here.
 */
import { parseCsv, type CsvParse } from '../core/training/csvData';
import { latestOnlyWorker } from './latestOnlyWorker';

const csv = latestOnlyWorker<{ file: File } | { text: string }, { result: CsvParse }>(
  () => new Worker(new URL('../../workers/csv.worker.ts', import.meta.url), { type: 'module', name: 'csv' }),
  (message) => ({ result: { ok: false, errors: [`The CSV reader failed: ${message}.`] } }),
);

/** The parse of a file or pasted text; `onProgress` gets the fraction of rows read. Rejects if a newer parse replaced it. */
export function parseCsvOffThread(input: File | string, onProgress: (fraction: number) => void): Promise<CsvParse> {
  if (typeof Worker === 'undefined') return typeof input === 'string' ? Promise.resolve(parseCsv(input, onProgress)) : input.text().then((t) => parseCsv(t, onProgress));
  return csv.request(typeof input === 'string' ? { text: input } : { file: input }, onProgress).then((r) => r.result);
}
