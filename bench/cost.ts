/**
 * The cost model against the clock (issue #13): for each link, every job its
 * view runs, the estimate (src/params/jobCost.ts, reference seconds) and the
 * time measured here, one core. The ratio measured/estimate should stay
 * within about 0.3–3 for every job; the constants of core/cost.ts (NS) are
 * set from this table on the reference machine.
 *
 *   npx tsx bench/cost.ts [links…]     (npm run bench:cost)
 *
 * Results go to docs/benchmarks.md ("Cost model"); no timing is a test.
 */
import os from 'node:os';
import { loadKernelsNode } from '../wasm/node';
import { decodeHash } from '../src/params/url';
import { diagramJob, eigenRequest, panel1dRequest, spectrumRequest, vectorPanelRequest } from '../src/params/requests';
import { diagramCost, eigenCost, panel1dCost, spectrumCost, vectorPanelCost } from '../src/params/jobCost';
import { panel1dJob } from '../src/core/jobs/panel1d';
import { vectorPanelJob } from '../src/core/jobs/panelND';
import { spectrumJob } from '../src/core/jobs/spectrumJob';
import { eigenViewSteps } from '../src/core/vector/eigen';
import { bifurcationJob } from '../src/core/jobs/diagramJob';
import { runToEnd } from '../src/core/job';
import { jobActive } from '../src/params/views';

const DEFAULT_LINKS = [
  '#',
  '#k=64',
  '#k=256',
  '#model=logistic',
  '#model=rnn',
  '#model=rnn&k=16',
  '#model=rnn&k=256',
  '#model=rnn&k=512',
  '#model=henon',
  '#model=rnn&k=16&tab=spectrum&ls=5000',
  '#model=rnn&k=32&tab=spectrum&ls=3000',
  '#model=rnn&tab=spectrum&ls=3000&nk=8',
  '#model=rnn&tab=eigen',
  '#model=rnn&k=256&tab=eigen',
];

async function main() {
  await loadKernelsNode();
  const links = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_LINKS;
  console.log(`cost model vs measured — ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  console.log('link | job | estimate s | measured s | measured/estimate');
  const ratios: number[] = [];
  for (const h of links) {
    const p = decodeHash(h).params;
    const row = (job: string, est: number, run: () => unknown) => {
      run(); // warm
      const t0 = performance.now();
      run();
      const s = (performance.now() - t0) / 1000;
      ratios.push(s / est);
      console.log(`${h} | ${job} | ${est.toPrecision(3)} | ${s.toPrecision(3)} | ${(s / est).toFixed(2)}`);
    };
    if (jobActive('panel1d', p)) {
      const req = panel1dRequest(p, null, false);
      row('panel1d', panel1dCost(req).totalS, () => runToEnd(panel1dJob(req)));
    }
    if (jobActive('vectorPanel', p)) {
      const req = vectorPanelRequest(p, null, false);
      row('vectorPanel', vectorPanelCost(req, null).totalS, () => runToEnd(vectorPanelJob(req)));
    }
    if (jobActive('spectrum', p)) {
      const req = spectrumRequest(p, null, false);
      row('spectrum', spectrumCost(req, null).totalS, () => runToEnd(spectrumJob(req)));
    }
    if (jobActive('eigen', p)) {
      const req = eigenRequest(p, null, false)!;
      row('eigen', eigenCost(req).totalS, () => runToEnd(eigenViewSteps(req)));
    }
    if (jobActive('diagram', p)) {
      const j = diagramJob(p, null, { cols: 800, rows: 400 }, false);
      const req = { base: j.base, nd: j.nd, lo: j.lo, hi: j.hi, cols: j.cols, j0: 0, j1: j.cols, rows: j.rows, yRange: j.yRange };
      row(`diagram (${j.cols} columns)`, diagramCost(j, null).totalS, () => runToEnd(bifurcationJob(req)));
    }
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(`ratios: min ${sorted[0].toFixed(2)}, median ${sorted[sorted.length >> 1].toFixed(2)}, max ${sorted[sorted.length - 1].toFixed(2)}`);
}

void main();
