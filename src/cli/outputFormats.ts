/**
 * The CLI's two output forms of a computed quantity: JSON and CSV (one table
 * per quantity). No NaN or Infinity is ever printed: a missing value is null
 * (JSON) or an empty field (CSV).
 */
import { trainCsv } from './train';
import { kindText } from '../core/map1d/orbit';
import type { Output } from './computeQuantity';
import { hypot } from '../core/linalg/elementary';
import { phaseCsv } from './phase';

/** Shortest round-trip decimal; empty for a missing value. */
function csvNumber(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '' : String(v);
}

export function toCsv(out: Output): string {
  if (out.quantity === 'train') return trainCsv(out.data);
  const lines: string[] = [];
  switch (out.quantity) {
    case 'orbit': {
      const d = out.data;
      if ('states' in d) {
        // wide: one row per step, one column per unit
        lines.push(['t', ...Array.from({ length: d.n }, (_, i) => `x${i}`)].join(','));
        d.states.forEach((h, t) => lines.push(`${t},${h.map((v) => csvNumber(v)).join(',')}`));
      } else {
        lines.push('t,x');
        d.x.forEach((x, t) => lines.push(`${t},${csvNumber(x)}`));
      }
      break;
    }
    case 'lyapunov': {
      const d = out.data;
      if ('k' in d) {
        lines.push('i,lambda,stderr');
        d.exponents.forEach((l, i) => lines.push(`${i + 1},${csvNumber(l)},${csvNumber(d.stderr[i])}`));
      } else {
        lines.push('lambda,stderr,steps,transient,period,kind');
        lines.push(`${csvNumber(d.lambdaMax)},${csvNumber(d.stderr[0])},${d.steps},${d.transient},${d.period},${kindText(d.kind, d.superstable)}`);
      }
      break;
    }
    case 'eigen': {
      // long: every eigenvalue of the matrix, then of each fixed point's Jacobian
      const d = out.data;
      lines.push('set,i,re,im,modulus');
      const rows = (set: string, re: number[], im: number[]) =>
        re.forEach((r, i) => lines.push(`${set},${i + 1},${csvNumber(r)},${csvNumber(im[i])},${csvNumber(hypot(r, im[i]))}`));
      rows('matrix', d.re, d.im);
      d.fixedPoints.forEach((f, j) => f.eigenvalues && rows(`fixed point ${j}`, f.eigenvalues.re, f.eigenvalues.im));
      break;
    }
    case 'bifurcation': {
      const d = out.data;
      lines.push('param,x');
      d.points.forEach((pts, j) => {
        const v = csvNumber(d.param[j]);
        for (const x of pts) lines.push(`${v},${csvNumber(x)}`);
      });
      break;
    }
    case 'periodic': {
      // one row per point of every cycle
      lines.push('cycle,period,j,x,multiplier,stability');
      out.data.cycles.forEach((c, i) => c.points.forEach((x, j) => lines.push(`${i},${c.period},${j},${csvNumber(x)},${csvNumber(c.multiplier)},${c.stability}`)));
      break;
    }
    case 'laps': {
      const d = out.data;
      lines.push('t,laps,crossings,fixedPoints');
      d.t.forEach((t, i) => lines.push(`${t},${d.laps[i]},${d.crossings[i]},${d.fixedPoints[i]}`));
      break;
    }
    case 'gradients': {
      const d = out.data;
      lines.push('horizon,logNorm,bandLo,bandHi,free');
      d.horizon.forEach((h, i) => lines.push([h, d.logNorm[i], d.band.lo[i], d.band.hi[i], d.free[i]].map((v) => csvNumber(v)).join(',')));
      break;
    }
    case 'phase':
      lines.push(...phaseCsv(out.data, csvNumber));
      break;
    case 'chaos-probability': {
      const d = out.data;
      lines.push('width,g,n,p3,p3Low,p3High,p2,p2Low,p2High');
      d.widths.forEach((k, i) =>
        d.g.forEach((g, j) =>
          lines.push(
            [k, g, d.counts.n[i][j], d.p3[i][j], d.p3Low[i][j], d.p3High[i][j], d.p2[i][j], d.p2Low[i][j], d.p2High[i][j]].map((v) => csvNumber(v)).join(','),
          ),
        ),
      );
      break;
    }
  }
  return `${lines.join('\n')}\n`;
}

export function toJson(out: Output): string {
  // Belt and braces: JSON.stringify would print NaN/±Infinity as null anyway.
  return `${JSON.stringify(out.data, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`;
}
