/**
 * Ready-made links to the classic cases of Paper B, so a lecturer can jump to
 * them (each is an ordinary link: Back returns to where you were).
 */
import { defaultParams, encodeHash } from '../params/url';
import { weightsHash } from '../params/weights';
import type { Params, Tab } from '../params/spec';

interface Example {
  label: string;
  title: string;
  params: Partial<Params>;
  net?: { w: number[]; b: number[]; a: number[]; c: number };
}

const EXAMPLES: Example[] = [
  {
    label: 'Tent network',
    title: '2·ReLU(x) − 4·ReLU(x − ½): the 3-cycles {2/7, 4/7, 6/7} and {2/9, 4/9, 8/9}; 2ᵗ laps',
    params: { act: 'relu', out: 'identity' },
    net: { w: [1, 1], b: [0, -0.5], a: [2, -4], c: 0 },
  },
  {
    label: 'Paper B’s Fig. 7 network',
    title: 'The network printed in the authors’ notebook: a stable 2-cycle and no period 3 (their f⁴ counted the 2-cycle)',
    params: { act: 'relu', out: 'identity' },
    net: { w: [-1.8627, 0.376], b: [0.8274, -0.8103], a: [0.7913, -1.0071], c: 0 },
  },
  {
    label: 'Minimal period-3 map',
    title: 'x + 1 on [1, 2], 7 − 2x on [2, 3]: period 3 and Fibonacci lap counts (entropy ln φ)',
    params: { act: 'relu', out: 'identity', x0: 1.5 },
    net: { w: [1, 1], b: [0, -2], a: [1, -3], c: 1 },
  },
  {
    label: 'Detuned tent (scrambling)',
    title: '1.9999·ReLU(x + 10⁻⁵) − 4·ReLU(x − 0.502): chaotic in floating point; most nearby pairs scramble',
    params: { act: 'relu', out: 'identity', x0: 0.175421, d0: 1e-7 },
    net: { w: [1, 1], b: [0.00001, -0.502], a: [1.9999, -4], c: 0 },
  },
  {
    label: 'Logistic r = 3.83',
    title: 'The period-3 window of the logistic map: a stable 3-cycle, hence every period',
    params: { model: 'logistic', r: 3.83 },
  },
];

export function exampleHash(e: Example, tab: Tab): string {
  const params: Params = { ...defaultParams(), ...e.params, tab, g: 1, sb: 1 };
  if (e.net) {
    const data = { w: Float64Array.from(e.net.w), b: Float64Array.from(e.net.b), a: Float64Array.from(e.net.a), c: e.net.c };
    params.k = e.net.w.length;
    return encodeHash({ params, weights: { hash: weightsHash(data), data } });
  }
  return encodeHash({ params, weights: null });
}

export function Examples({ tab }: { tab: Tab }) {
  return (
    <p className="examples">
      Try:{' '}
      {EXAMPLES.map((e, i) => (
        <span key={e.label}>
          {i > 0 && ' · '}
          <a href={`#${exampleHash(e, tab)}`} title={e.title}>
            {e.label}
          </a>
        </span>
      ))}
    </p>
  );
}
