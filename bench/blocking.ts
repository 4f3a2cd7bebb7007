/**
 * Worst-case blocking (issue #13, docs/reliability.md): for heavy links, the
 * longest stretch each of their jobs runs without yielding to the worker's
 * driver (which then reads a newer request and can drop the job). Each job
 * runs for at most --seconds (default 15) of wall time.
 *
 *   npx tsx bench/blocking.ts [--seconds 15] [links…]     (npm run bench:blocking)
 */
import os from 'node:os';
import { loadKernelsNode } from '../wasm/node';
import { decodeHash } from '../src/params/url';
import { diagramJob, eigenRequest, expressivityRequest, panel1dRequest, periodicRequest, spectrumRequest, vectorPanelRequest } from '../src/params/requests';
import { panel1dJob } from '../src/core/jobs/panel1d';
import { vectorPanelJob } from '../src/core/jobs/panelND';
import { spectrumJob } from '../src/core/jobs/spectrumJob';
import { eigenViewSteps } from '../src/core/vector/eigen';
import { expressivityJob, periodicViewJob } from '../src/core/jobs/paperB';
import { bifurcationJob } from '../src/core/jobs/diagramJob';
import { jobActive } from '../src/params/views';

const LINKS = [
  '#model=net1d&k=1024&act=relu&tab=expressivity',
  '#model=net1d&k=1024&tab=periodic',
  '#model=net1d&k=1024&act=tanh&g=10&sb=5&tab=periodic',
  '#model=rnn&k=512&T=10000&lt=100000&ls=1000000',
  '#tab=spectrum&model=rnn&k=512&lt=100000&ls=1000000',
  '#model=rnn&k=512&tab=eigen',
  '#model=plrnn&k=64&tab=eigen',
  '#k=1024',
];

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

async function main() {
  await loadKernelsNode();
  const seconds = Number(arg('--seconds', '15'));
  const links = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--seconds');
  console.log(`longest stretch without a yield — ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, each job ≤ ${seconds} s`);
  console.log('link | job | ran s | done | longest stretch ms');
  let worst = 0;
  for (const h of links.length ? links : LINKS) {
    const p = decodeHash(h).params;
    const jobs: [string, () => Generator<unknown, unknown, void>][] = [];
    const on = (j: Parameters<typeof jobActive>[0]) => jobActive(j, p);
    if (on('panel1d')) jobs.push(['panel1d', () => panel1dJob(panel1dRequest(p, null, false))]);
    if (on('vectorPanel')) jobs.push(['vectorPanel', () => vectorPanelJob(vectorPanelRequest(p, null, false))]);
    if (on('spectrum')) jobs.push(['spectrum', () => spectrumJob(spectrumRequest(p, null, false))]);
    if (on('eigen')) jobs.push(['eigen', () => eigenViewSteps(eigenRequest(p, null, false)!)]);
    if (on('periodic')) jobs.push(['periodic', () => periodicViewJob(periodicRequest(p, null, false))]);
    if (on('expressivity')) jobs.push(['expressivity', () => expressivityJob(expressivityRequest(p, null, false))]);
    if (on('diagram')) {
      const j = diagramJob(p, null, { cols: 1000, rows: 400 }, false);
      // one share of the columns, as a pool worker gets it
      jobs.push(['diagram', () => bifurcationJob({ base: j.base, nd: j.nd, lo: j.lo, hi: j.hi, cols: j.cols, j0: 0, j1: Math.ceil(j.cols / 6), rows: j.rows, yRange: j.yRange })]);
    }
    for (const [name, start] of jobs) {
      const t0 = performance.now();
      const job = start();
      let last = t0;
      let longest = 0;
      let done = false;
      while (performance.now() - t0 < seconds * 1000) {
        const r = job.next();
        const t = performance.now();
        longest = Math.max(longest, t - last);
        last = t;
        if (r.done) {
          done = true;
          break;
        }
      }
      if (!done) job.return(undefined);
      worst = Math.max(worst, longest);
      console.log(`${h} | ${name} | ${((last - t0) / 1000).toFixed(1)} | ${done ? 'yes' : 'no'} | ${longest.toFixed(1)}`);
    }
  }
  console.log(`worst: ${worst.toFixed(1)} ms`);
}

void main();
