/**
 * A hook for the browser benchmark (bench/browser-drag.ts): when the page was
 * opened with `window.__rnnLabPerf = []` set before load, every panel draw is
 * recorded with its time. Costs nothing otherwise.
 */
interface PerfRecord {
  panel: string;
  t: number;
  key: number;
}

export function recordDraw(panel: string, key: number): void {
  const sink = (globalThis as { __rnnLabPerf?: PerfRecord[] }).__rnnLabPerf;
  if (sink) sink.push({ panel, t: performance.now(), key });
}
