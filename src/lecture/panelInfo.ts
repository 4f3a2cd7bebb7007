/**
 * Per-panel explanations: each panel's defining formula (TeX, rendered
 * with KaTeX by views/explain/PanelExplain.tsx) and what to look for in it.
 * Pure data. Some panels read differently for 1-D maps and vector maps (the
 * readouts show λ for one and λ_max for the other), so a panel may give a
 * variant per model family.
 */
import { familyOf, type Family, type Model } from '../core/models';
import type { PanelId } from '../params/spec';

export interface PanelInfo {
  /** One line of TeX (inline style). */
  tex: string;
  /** What to look for, one sentence (shown after "Look for:"). */
  look: string;
}

interface PanelEntry {
  /** The explanation when no variant applies. */
  base: PanelInfo;
  /** Variants for one model, or for a family of models (the model's own first). */
  variants?: Partial<Record<Model | Family, PanelInfo>>;
}

const VECTOR_READOUTS: PanelInfo = {
  tex: String.raw`\lambda_{\max}=\lim_{T\to\infty}\tfrac{1}{T}\ln\lVert J_T\cdots J_1\,v\rVert,\quad J_t=\partial h_{t}/\partial h_{t-1}`,
  look: 'λ_max > 0 (orange): chaos, nearby states separate; λ_max < 0: a stable fixed point or cycle; λ_max ≈ 0: quasi-periodic, or the edge of chaos.',
};

const VECTOR_DIAGRAM: PanelInfo = {
  tex: String.raw`y_t=w^{\top}h_t\ \ (t>t_{\mathrm{tr}})\ \text{against the parameter};\ \ \lambda_{\max}\ \text{per column below}`,
  look: 'where λ_max crosses 0, and (RNN) how it follows the mean-field curve λ_MF(g) = ½ ln χ₁.',
};

export const PANEL_INFO: Record<PanelId, PanelEntry> = {
  readouts: {
    base: {
      tex: String.raw`\lambda=\lim_{T\to\infty}\tfrac{1}{T}\textstyle\sum_{t=0}^{T-1}\ln\lvert f'(x_t)\rvert`,
      look: 'λ > 0 and no period: chaos; λ < 0: the orbit settles on a stable fixed point or p-cycle; the trace shows whether λ has converged.',
    },
    variants: { vector: VECTOR_READOUTS },
  },
  cobweb: {
    base: {
      tex: String.raw`x_{t+1}=f(x_t);\ \ f(x^*)=x^*\ \text{is stable iff}\ \lvert f'(x^*)\rvert<1`,
      look: 'a cobweb spiralling in (order), closing into a square (a cycle) or filling a box (chaos); crossings of fᵏ with y = x are k-cycles.',
    },
  },
  trajectory: {
    base: {
      tex: String.raw`\log_{10}\lvert x_t-y_t\rvert\approx\log_{10}\delta_0+t\,\lambda/\ln 10`,
      look: 'the separation climbs with slope λ/ln 10 to order one, then keeps dipping: a running max that stays high while the running min falls is scrambling.',
    },
  },
  diagram: {
    base: {
      tex: String.raw`x_t\ \ (t>t_{\mathrm{tr}})\ \text{against the parameter};\ \ \lambda=\langle\ln\lvert f'(x_t)\rvert\rangle\ \text{below}`,
      look: 'branches splitting 1 → 2 → 4 … (period doubling), chaotic bands where λ > 0 (orange), periodic windows where λ dips below 0.',
    },
    variants: { vector: VECTOR_DIAGRAM },
  },
  meanfield: {
    base: {
      tex: String.raw`q_{t+1}=\sigma_w^2\,\mathbb{E}_z\big[\phi(\sqrt{q_t}\,z)^2\big]+\sigma_b^2,\quad \chi_1=\sigma_w^2\,\mathbb{E}_z\big[\phi'(\sqrt{q^*}z)^2\big]`,
      look: 'the fixed point q* and its slope χ₁: χ₁ > 1 (λ_MF = ½ ln χ₁ > 0) is chaos; the network’s own dots (q_t, q_t₊₁) lie on the curve.',
    },
  },
  attractor: {
    base: {
      tex: String.raw`x_{t+1}=F(x_t)\ \ \text{(the whole state) on its first two principal components}`,
      look: 'a point or a closed loop is a fixed point or cycle; a folded, layered set is a chaotic attractor.',
    },
    variants: {
      plrnn: {
        tex: String.raw`z_{t+1}=A\,z_t+W\,\mathrm{ReLU}(z_t)+h\ \ \text{on its first two principal components}`,
        look: 'a point or a closed loop is a fixed point or cycle; a folded, layered set is a chaotic attractor.',
      },
      henon: {
        tex: String.raw`(x,y)\mapsto(1-a\,x^2+y,\ b\,x),\quad \lambda_1+\lambda_2=\ln\lvert b\rvert`,
        look: 'at a = 1.4, b = 0.3 the folded bands of the strange attractor; a handful of points means a cycle.',
      },
    },
  },
  units: {
    base: {
      tex: String.raw`\lVert h_t-h'_t\rVert\approx\delta_0\,e^{\lambda_{\max}t},\quad h'_0=h_0+\delta_0 u`,
      look: 'the twin’s distance growing exponentially to order one (chaos) or shrinking (order).',
    },
  },
  spectrum: {
    base: {
      tex: String.raw`J_t Q_{t-1}=Q_t R_t,\quad \lambda_i=\lim_{T\to\infty}\tfrac{1}{T}\textstyle\sum_{t}\ln\lvert (R_t)_{ii}\rvert`,
      look: 'how many λᵢ are positive, the Kaplan–Yorke dimension, the entropy Σλ⁺ and ln 2/λ_max; Σλᵢ = ⟨ln|det J|⟩ and the two-trajectory λ_max check the run.',
    },
  },
  sizescan: {
    base: {
      tex: String.raw`\lambda_i\ \text{against}\ i/N,\quad N=16,\dots,128`,
      look: 'the spectra of different N falling on one curve: chaos is extensive, the number of positive exponents grows in proportion to N.',
    },
  },
  eigenplane: {
    base: {
      tex: String.raw`\mu_i(gW),\quad \lvert\mu\rvert\lesssim g\sqrt{N\,\mathrm{Var}\,W_{ij}}\ \ \text{(circular law)}`,
      look: 'eigenvalues outside the unit circle: at the origin of a tanh RNN, J = gW, so each is an unstable direction.',
    },
  },
  fixedpoints: {
    base: {
      tex: String.raw`h^*=F(h^*)\ \text{by Newton};\ \ \text{stable iff}\ \rho\big(J(h^*)\big)<1`,
      look: 'whether any fixed point is stable, and how many unstable directions (|μ| > 1) each one has.',
    },
  },
  gradmeter: {
    base: {
      tex: String.raw`\frac{\partial h_T}{\partial h_t}=J_T\cdots J_{t+1},\quad \ln\Big\lVert\frac{\partial h_T}{\partial h_t}\Big\rVert\approx\lambda_{\max}\,(T-t)`,
      look: 'the log-norm growing with slope λ_max (chaos: exploding gradients) or falling (order); sparse forcing every τ steps caps it at the norm of a τ-step product.',
    },
  },
  bptt: {
    base: {
      tex: String.raw`\frac{\partial L}{\partial\theta}=\sum_{t}\sum_{r\le t}\frac{\partial L_t}{\partial h_t}\,\frac{\partial h_t}{\partial h_r}\,\frac{\partial^{+}h_r}{\partial\theta}`,
      look: 'the loss gradient’s norm against the sequence length T: exponential growth for a chaotic model, bounded for the contracting reference.',
    },
  },
  training: {
    base: {
      tex: String.raw`\text{STF: }z_t\leftarrow B^{+}x_t\ \text{every}\ \tau\ \text{steps};\ \ \text{GTF: }z_t\leftarrow(1-\alpha)\,z_t+\alpha B^{+}x_t`,
      look: 'loss and gradient norm per step, then the free-running model against the data: D_stsp (state space), D_H (power spectra) and its λ_max against the data’s.',
    },
  },
  tausweep: {
    base: {
      tex: String.raw`D_{\mathrm{stsp}}(\tau)=\mathrm{KL}\big(p_{\mathrm{data}}\,\Vert\,p_{\mathrm{model}}\big),\quad \tau_{\mathrm{pred}}=\ln 2/\lambda_{\max}`,
      look: 'the lowest D_stsp near τ_pred: forcing too often teaches no free running, too rarely lets the gradients explode.',
    },
  },
  periodic: {
    base: {
      tex: String.raw`f^{p}(x)=x\ (p\ \text{minimal});\quad 3\rhd 5\rhd 7\rhd\cdots\rhd 8\rhd 4\rhd 2\rhd 1`,
      look: 'period 3 found ⇒ every period and Li–Yorke chaos; only powers of two ⇒ not chaotic by this test; the scrambled fraction of random pairs.',
    },
  },
  pcobweb: {
    base: {
      tex: String.raw`y=f^{p}(x)\ \cap\ y=x,\quad \text{stable iff}\ \textstyle\prod_{i}\lvert f'(x_i)\rvert<1`,
      look: 'every p-cycle as a closed cobweb; where fᵖ crosses the diagonal, and how steeply.',
    },
  },
  laps: {
    base: {
      tex: String.raw`h=\lim_{t\to\infty}\tfrac{1}{t}\ln \ell(f^{t}),\quad \ell=\text{number of monotone pieces}`,
      look: 'a straight line on the log axis is exponential growth: slope ln 2 for the tent map, at least ln φ ≈ 0.48 when there is period 3.',
    },
  },
  graph: {
    base: {
      tex: String.raw`y=f^{t}(x)=(f\circ\cdots\circ f)(x)\ \ (t\ \text{times})`,
      look: 'the graph oscillating more and more as t grows; every rise or fall is one lap.',
    },
  },
  persistence: {
    base: {
      tex: String.raw`\ell\big(\tilde f^{\,t}\big)\ \text{(one layer, reused)}\ \text{vs.}\ \ell\big(\tilde f_t\circ\cdots\circ\tilde f_1\big)\ \text{(independent layers)}`,
      look: 'under weight noise σ the recurrent composition keeps its laps while the feed-forward stack loses them.',
    },
  },
  sweep: {
    base: {
      tex: String.raw`P\big(f\ \text{has a point of period 3}\big)\ \text{against}\ g,\ \text{one curve per width}\ k`,
      look: 'a probability that rises with g and does not vanish as k grows; a 2-cycle (the curve below) does not imply chaos.',
    },
  },
  phase: {
    base: {
      tex: String.raw`\lambda_{\max}(x, y)=\lim_{T\to\infty}\tfrac{1}{T}\ln\lVert J_T\cdots J_1\,v\rVert\ \text{for every cell}`,
      look: 'the border between blue (order) and red (chaos) is a line in the plane; how it bends with the second parameter (an input, a bias) shows what moves the edge of chaos.',
    },
    variants: {
      // only the random RNN has a mean-field line to draw over its map
      rnn: {
        tex: String.raw`\lambda_{\max}(x, y)\ \text{for every cell};\quad \chi_1=g^2\sigma_w^2\,\mathbb{E}\big[\varphi'(\sqrt{q^*}z)^2\big]=1\ \text{(dashed)}`,
        look: 'the border between blue (order) and red (chaos) is a line in the plane; where it leaves the dashed mean-field line χ₁ = 1, the finite network departs from the theory.',
      },
      '1d': {
        tex: String.raw`\lambda(x, y)=\lim_{T\to\infty}\tfrac{1}{T}\textstyle\sum_t\ln\lvert f'(x_t)\rvert\ \text{for every cell}`,
        look: 'λ: where the colour passes through white (λ = 0) order turns into chaos, and periodic windows are blue islands in the red; P(period 3): Paper B’s threshold as a region of the plane; hatched cells escape.',
      },
    },
  },
};

/** The explanation of a panel for the current model. */
export function panelInfo(id: PanelId, model: Model): PanelInfo {
  const entry = PANEL_INFO[id];
  return entry.variants?.[model] ?? entry.variants?.[familyOf(model)] ?? entry.base;
}
