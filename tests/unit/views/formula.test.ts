import { describe, expect, it } from 'vitest';
import { isValidElement, type ReactElement } from 'react';
import { withSubscripts } from '../../../src/views/Formula';
import { MODEL_LIST } from '../../../src/core/models';
import { modelParams } from '../../../src/params/requests';
import { defaultParams } from '../../../src/params/url';

const text = (nodes: unknown[]) => nodes.map((n) => (isValidElement(n) ? `<${String((n as ReactElement).type)}>${(n as ReactElement<{ children: string }>).props.children}</>` : n)).join('');

describe('the top bar formula', () => {
  it('sets x_t, x_{t+1} as subscripts and e^{…} as superscripts (not nested)', () => {
    expect(text(withSubscripts('x_{t+1} = x_t·e^{r(1 − x)}, σ_b²'))).toBe('x<sub>t+1</> = x<sub>t</>·e<sup>r(1 − x)</>, σ<sub>b</>²');
    expect(text(withSubscripts('no marks: tanh(z)'))).toBe('no marks: tanh(z)');
  });

  it('every model’s formula and detail read without stray markup', () => {
    for (const m of MODEL_LIST) {
      const p = { ...modelParams({ ...defaultParams(), model: m.id }), model: m.id };
      for (const hash of [null, '0123456789abcd']) {
        const f = m.formula(p, m.importer ? hash : null);
        for (const s of [f.text, f.detail]) {
          const shown = text(withSubscripts(s)).replace(/<\/?\w*>/g, '');
          expect(shown, `${m.id}: ${s}`).not.toMatch(/[{}_^]/);
          expect(shown, m.id).not.toMatch(/NaN|undefined/);
        }
      }
    }
  });
});
