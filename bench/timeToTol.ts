/**
 * Time to accuracy (issue #11, ls = auto): how many steps and seconds the
 * app's spectrum stages (λ_max, the top 8, all N) take until every exponent's
 * standard error is below tol, for the default RNN of the spectrum view
 * (tanh, Gaussian law, g = 2, σ_b = 0.1, seed 6) at N = 64 and 256.
 *
 *   npx tsx bench/timeToTol.ts [--tol 0.001] [--sizes 64,256] [--js-kernels]
 *
 * Results go to docs/benchmarks.md ("Time to tolerance"); no timing is a test.
 */
import os from 'node:os';
import { loadKernelsNode } from '../wasm/node';
import { decodeHash } from '../src/params/url';
import { lyapunovRunLength, modelParams } from '../src/params/requests';
import { buildMapND } from '../src/core/models';
import { SpectrumRun, largestError } from '../src/core/vector/spectrum';
import { flopsPerStep } from '../src/core/jobs/spectrumJob';
import { costCap } from '../src/core/runLength';

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}

async function main() {
  if (!process.argv.includes('--js-kernels')) await loadKernelsNode();
  const tol = Number(arg('--tol', '0.001'));
  const sizes = arg('--sizes', '64,256').split(',').map(Number);
  console.log(`time to tol = ${tol} — ${os.cpus()[0]?.model ?? 'cpu'}, ${os.cpus().length} cores, node ${process.version}`);
  console.log('N     k    steps    cap      stopped  seconds  largest s.e.  λ₁');
  for (const n of sizes) {
    const p = decodeHash(`#model=rnn&k=${n}&g=2&tol=${tol}`).params;
    for (const k of [1, Math.min(8, n), n]) {
      // the cap the app's stage of k exponents has (the step cap, lowered to the flop budget)
      const len = costCap(lyapunovRunLength(p), flopsPerStep(n, k));
      const map = buildMapND(modelParams(p));
      const run = new SpectrumRun(map, map.initialState(), { k, transient: p.lt, steps: len.steps, tol: len.tol });
      const t0 = performance.now();
      while (!run.finished) run.advance(1024);
      const s = (performance.now() - t0) / 1000;
      const r = run.result();
      const worst = largestError(r.errors.lambdas);
      console.log(`${String(n).padEnd(5)} ${String(k).padEnd(4)} ${String(r.steps).padStart(7)}  ${String(len.steps).padStart(7)}  ${String(r.stopped).padEnd(7)}  ${s.toFixed(2).padStart(7)}  ${worst.toExponential(2).padStart(12)}  ${r.lambdas[0].toFixed(5)}`);
    }
  }
}

void main();
