/// <reference lib="webworker" />
/**
 * The training lab's CSV import off the main thread (issue #13): a file (read
 * here, so the page never holds its text) or pasted text is parsed and
 * validated by core/training/csvData.ts, with progress; the values come back
 * as a transferred buffer.
 */
import { parseCsv, type CsvParse } from '../src/core/training/csvData';

export type CsvWorkerRequest = { id: number; file: File } | { id: number; text: string };
export type CsvWorkerReply = { id: number; progress: number } | { id: number; result: CsvParse };

self.onmessage = async (e: MessageEvent<CsvWorkerRequest>) => {
  const req = e.data;
  let text: string;
  try {
    text = 'file' in req ? await req.file.text() : req.text;
  } catch {
    const result: CsvParse = { ok: false, errors: ['The file could not be read.'] };
    self.postMessage({ id: req.id, result } satisfies CsvWorkerReply);
    return;
  }
  let last = -1;
  const result = parseCsv(text, (f) => {
    const pct = Math.floor(100 * f);
    if (pct === last) return;
    last = pct;
    self.postMessage({ id: req.id, progress: f } satisfies CsvWorkerReply);
  });
  const transfer = result.ok ? [result.table.values.buffer] : [];
  self.postMessage({ id: req.id, result } satisfies CsvWorkerReply, transfer);
};
