/** Every panel has an explanation whose TeX KaTeX typesets without error, for every model. */
import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { PANEL_IDS } from '../../../src/params/spec';
import { MODELS, hasMeanField } from '../../../src/core/models';
import { PANEL_INFO, panelInfo } from '../../../src/lecture/panelInfo';

describe('panel explanations', () => {
  it('cover every panel id and nothing else', () => {
    expect(Object.keys(PANEL_INFO).sort()).toEqual([...PANEL_IDS].sort());
  });

  const all = PANEL_IDS.flatMap((id) => MODELS.map((m) => [id, m] as const));
  it.each(all)('%s for %s: the TeX renders and the text is one short sentence', (id, model) => {
    const info = panelInfo(id, model);
    const html = katex.renderToString(info.tex, { throwOnError: true, output: 'htmlAndMathml' });
    expect(html).toContain('class="katex"');
    expect(html).not.toContain('katex-error');
    expect(info.tex.length).toBeLessThan(200);
    expect(info.look.length).toBeGreaterThan(20);
    expect(info.look.length).toBeLessThan(220);
    expect(info.look.startsWith('Look for')).toBe(false); // the label is added by the view
  });

  it('read the model: λ for 1-D maps, λ_max for vector maps; Hénon’s own attractor', () => {
    expect(panelInfo('readouts', 'logistic').tex).toContain("f'(x_t)");
    expect(panelInfo('readouts', 'rnn').tex).toContain('\\lambda_{\\max}');
    expect(panelInfo('readouts', 'henon').tex).toContain('\\lambda_{\\max}');
    expect(panelInfo('attractor', 'henon').tex).toContain('1-a\\,x^2');
    expect(panelInfo('attractor', 'plrnn').tex).toContain('ReLU');
  });

  it('the phase map speaks of a dashed mean-field line only for a model that draws one', () => {
    for (const m of MODELS) {
      const info = panelInfo('phase', m);
      expect(info.look.includes('dashed') || info.tex.includes('dashed'), m).toBe(hasMeanField(m));
    }
    expect(panelInfo('phase', 'gru').tex).toContain('\\lambda_{\\max}');
  });
});
