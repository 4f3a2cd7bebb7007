/**
 * The scene library: named states of the lab along the lecture arc.
 * A scene is a link body plus a title and what to look at; its link is
 * `#v=1&<hash>&scene=<id>`, and the app shows the title and the text above
 * the panels. Pure data: the parameter table reads the ids from here.
 *
 * Every number quoted in a text is checked against the core code by
 * tests/unit/scenes.test.ts; change a scene's keys and that test says which
 * sentence no longer holds.
 */
import { TRAINED_GRU_LORENZ } from './sceneNetworks';

export interface Scene {
  id: string;
  title: string;
  /** What to look at, in one to three sentences. */
  text: string;
  /** The link body: only the keys that differ from the defaults (`v=1` and `scene=` are added). */
  hash: string;
}

/** Imported 1-D networks as link keys (content hash + little-endian float64 weights; see docs/url.md). */
const TENT_NETWORK = 'wh=00cbed22d18fc5&wd=AAAAAAAA8D8AAAAAAADwPwAAAAAAAAAAAAAAAAAA4L8AAAAAAAAAQAAAAAAAABDAAAAAAAAAAAA'; // 2·ReLU(x) − 4·ReLU(x − ½)
const MINIMAL_PERIOD_3 = 'wh=1b211b04c2420f&wd=AAAAAAAA8D8AAAAAAADwPwAAAAAAAAAAAAAAAAAAAMAAAAAAAADwPwAAAAAAAAjAAAAAAAAA8D8'; // ReLU(x) − 3·ReLU(x − 2) + 1

export const SCENES: readonly Scene[] = [
  // --- 1-D maps: the classic routes to chaos -------------------------------
  {
    id: 'neuron',
    title: 'A single neuron: from a fixed point to oscillation',
    text: 'x ← tanh(g·w·x) with w = −1, so f′(0) = −g. Below g = 1 the cobweb spirals into the stable fixed point 0 (λ = ln g < 0); drag g past 1: 0 loses stability and the orbit settles on a 2-cycle ±x* that alternates sign (x* = 0.86 at g = 1.5), where f² crosses the diagonal.',
    hash: 'model=neuron&g=1.5&w=-1&x0=0.5&fk=1,2',
  },
  {
    id: 'logistic',
    title: 'The logistic map’s route to chaos',
    text: 'x ← r·x(1 − x): the fixed point splits into 2 at r = 3, into 4 at r ≈ 3.449 (here r = 3.5), 8 at r ≈ 3.544 …, accumulating at r ≈ 3.570; beyond, λ turns positive (orange) between periodic windows — the widest is period 3 at r = 1 + √8 ≈ 3.828. At r = 4, λ = ln 2.',
    hash: 'model=logistic&r=3.5',
  },
  {
    id: 'period-doubling',
    title: 'Period doubling in a 1-D network',
    text: 'The width-16 tanh network (seed 6) turns into a 2-cycle at g ≈ 2.37; the diagram zooms on the upper point of that cycle. It splits at g ≈ 2.48 (period 4; here g = 2.49), again near 2.50 (period 8), then ever faster, until λ turns positive (orange) near g ≈ 2.505; a period-6 window opens at g ≈ 2.52. Drag g through it, or drag a rectangle to zoom further.',
    hash: 'g=2.49&bx0=2.44&bx1=2.535&by0=-0.62&by1=-0.2',
  },
  {
    id: 'period-3',
    title: 'Period three in the logistic window',
    text: 'At r = 3.83 the logistic map has a stable 3-cycle (0.156, 0.505, 0.957; multiplier 0.33) that attracts almost every orbit. Yet period 3 implies every period (Sharkovsky: all of 1 … 8 are found) and Li–Yorke chaos — on a set of measure zero: none of the 200 random pairs scrambles.',
    hash: 'model=logistic&r=3.83&tab=periodic',
  },
  {
    id: 'li-yorke',
    title: 'Li–Yorke chaos in a random network',
    text: 'The default random tanh network (width 16, g = 2.7) has four 3-cycles, all strongly unstable (|Π f′| from 23 to 1863). By Sharkovsky every period follows, and here, unlike the logistic window, chaos is visible: more than half (about 56 %) of random nearby pairs scramble.',
    hash: 'tab=periodic',
  },
  {
    id: 'scrambling',
    title: 'Scrambling: two nearby starts',
    text: 'The twin starts δ₀ = 10⁻⁸ away. log₁₀|xₜ − yₜ| climbs with slope λ/ln 10 ≈ 0.17 per step (λ ≈ 0.40) and reaches 0.1 by t ≈ 37; after that the running maximum stays of order one (2.3) while the running minimum keeps falling (to about 0.01 by t = 1000): the pair separates and comes close again and again.',
    hash: 'T=1000',
  },
  // --- Paper B: expressivity and how likely chaos is ------------------------
  {
    id: 'tent-laps',
    title: 'The tent network doubles its oscillations',
    text: 'f(x) = 2·ReLU(x) − 4·ReLU(x − ½) is the tent map on [0, 1]: fᵗ has 2ᵗ laps (2, 4, … 1024 for t = 1 … 10), a straight line on the log axis with entropy h = ln 2. With weight noise σ = 0.1, f⁶ as one perturbed layer used 6 times keeps ≈ 51 of its 64 laps; 6 independently perturbed layers keep ≈ 21.',
    hash: `act=relu&g=1&tab=expressivity&${TENT_NETWORK}`,
  },
  {
    id: 'fibonacci',
    title: 'Period three forces Fibonacci growth',
    text: 'The minimal period-3 map (x + 1 on [1, 2], 7 − 2x on [2, 3]), written as the ReLU network ReLU(x) − 3·ReLU(x − 2) + 1: its laps grow like Fibonacci numbers (2, 3, 5, 8, … 144), rate → φ ≈ 1.618, entropy ln φ ≈ 0.481 — the least any map with period 3 can have.',
    hash: `act=relu&g=1&x0=1.5&tab=expressivity&${MINIMAL_PERIOD_3}`,
  },
  {
    id: 'chaos-probability',
    title: 'Chaos does not go away with width',
    text: 'Press Start: for random ReLU networks (He initialisation × g) the fraction with a point of period 3 is about 0 up to g = 1 and climbs to roughly 0.15–0.3 by g = 2–4 — for width 128 as much as for width 8 (Paper B: the probability does not vanish as the width grows).',
    hash: 'act=relu&tab=sweep',
  },
  // --- Random recurrent networks -------------------------------------------
  {
    id: 'rnn-ordered',
    title: 'A random tanh RNN below g = 1: order',
    text: 'h ← tanh(g·W h) with N = 64 and Wᵢⱼ ~ N(0, 1/N). At g = 0.8 every unit decays to 0: λ_max = ln(g·ρ(W)) ≈ −0.18 < 0 (mean field: q* = 0 and λ_MF = ln g = −0.22). The variance map has only the fixed point q = 0.',
    hash: 'model=rnn&g=0.8&sb=0',
  },
  {
    id: 'rnn-chaotic',
    title: 'The same RNN above g = 1: chaos',
    text: 'At g = 2 the variance map has a fixed point q* ≈ 2.1 with slope χ₁ ≈ 1.36 > 1: λ_max ≈ 0.13 > 0 (mean field ½ ln χ₁ ≈ 0.15) and the twin separates. In the orbit diagram λ_max(g) follows the mean-field curve; at this finite N it stays near 0 (oscillation) from g = 1 to ≈ 1.3 and turns clearly positive by g ≈ 1.4.',
    hash: 'model=rnn&sb=0',
  },
  {
    id: 'edge-line',
    title: 'The edge of chaos is a line',
    text: 'Each cell is λ_max of the same 64-unit tanh RNN at its own g and bias scale σ_b: blue is order, red chaos. The border is a line, not a point: chaos starts at g ≈ 1 without bias but only near g ≈ 2.9 at σ_b = 3, where λ_max at g = 2.5 is still about −0.15. The dashed mean-field line χ₁ = 1 (g_c = 1, 1.86 and 2.71 at σ_b = 0, 1 and 3) follows the border; hover a cell for its numbers, click it to open Explore there.',
    hash: 'model=rnn&tab=phase',
  },
  {
    id: 'below-above',
    title: 'The same network below and above the edge',
    text: 'One 64-unit tanh RNN twice, side by side: left g = 0.8, right g = 2 (compare mode). On the left every unit settles (λ_max ≈ −0.18, a fixed point); on the right the units never settle and the twin separates (λ_max ≈ +0.13). The side panel changes the side you click; hold Shift to change both.',
    hash: 'model=rnn&g=0.8&sb=0&cmp=g:2',
  },
  {
    id: 'gru-init',
    title: 'A GRU at PyTorch’s initialisation, and scaled',
    text: 'The same 16-unit GRU twice (compare mode): left as PyTorch initialises it (every tensor U(±1/√H), g = 1): the gates damp everything and λ_max ≈ −0.46. Right its recurrent weights W_hh × 8: three positive exponents, λ_max ≈ +0.12 — chaos needs far larger recurrent weights than an Elman RNN. Import your own trained network (docs/import.md) and ask the same question of it.',
    hash: 'model=gru&k=16&seed=1&cmp=g:8',
  },
  {
    id: 'circular-law',
    title: 'Eigenvalues: the circular law',
    text: 'The 64 eigenvalues of gW fill the disk of radius g = 2 (circular law), far outside the unit circle: the spectral radius is 2.09, so the origin is unstable in 47 directions, and the other fixed points Newton finds are unstable too.',
    hash: 'model=rnn&sb=0&tab=eigen',
  },
  {
    id: 'spectrum',
    title: 'The Lyapunov spectrum of a chaotic network',
    text: 'All 64 exponents of the g = 2 network by QR re-orthonormalisation: λ_max ≈ 0.13, 8 positive, Kaplan–Yorke dimension ≈ 15 of 64, entropy Σλ⁺ ≈ 0.55 per step, predictability ln 2/λ_max ≈ 5 steps; Σλᵢ equals ⟨ln|det J|⟩. Compare sizes: λᵢ against i/N collapse for N = 16 … 128.',
    hash: 'model=rnn&sb=0&tab=spectrum',
  },
  {
    id: 'relu-edge',
    title: 'ReLU’s edge of chaos is He initialisation',
    text: 'For ReLU, χ₁ = σ_w²·E[φ′²] = 2g²·½ = g² with the He law, so g = 1 is exactly critical (λ_max ≈ 0). Below, the activity settles on a fixed point (λ_max ≈ −0.10 at g = 0.9, λ_MF = ln g = −0.105); above, nothing saturates: the activity grows without bound, and the diagram’s columns diverge (hatched) from g ≈ 1.12 — no bounded chaos as with tanh.',
    hash: 'model=rnn&act=relu&wl=he&g=1&bx0=0.5&bx1=1.5',
  },
  {
    id: 'input-suppresses-chaos',
    title: 'A periodic input suppresses chaos',
    text: 'The chaotic g = 2 network driven by uₜ = a·sin(2πt/20) along a random direction; the orbit diagram runs over the amplitude a. λ_max ≈ 0.13 at a = 0 falls as a grows and turns negative near a ≈ 1.6: at a = 2 (λ_max ≈ −0.08) the network follows the input on a cycle of period 20.',
    hash: 'model=rnn&sb=0&inp=sine&ia=2&bp=ia&bx1=3.5',
  },
  {
    id: 'henon',
    title: 'The Hénon attractor',
    text: '(x, y) ↦ (1 − a·x² + y, 0.3x) at a = 1.4: a folded, banded attractor with λ_max ≈ 0.42 (and λ₁ + λ₂ = ln 0.3). Over a ∈ [1, 1.4] the diagram runs from a 4-cycle through period doubling into chaos (λ > 0 by a = 1.1), with a period-7 window from a ≈ 1.23.',
    hash: 'model=henon',
  },
  {
    id: 'plrnn',
    title: 'Paper A’s PLRNN, chaotic at initialisation',
    text: 'z ← A z + W·ReLU(z) + h with M = 16 and Paper A’s uniform initialisation scaled by g = 2: λ_max ≈ 0.05 > 0, a bounded chaotic orbit. Over g the fixed point gives way to a 2-cycle near g ≈ 1.6, then to irregular orbits whose λ_max flickers around 0 (positive in windows such as g = 2), and the orbit diverges (hatched) from g ≈ 2.66.',
    hash: 'model=plrnn',
  },
  // --- Paper A: gradients and training --------------------------------------
  {
    id: 'exploding-gradients',
    title: 'Chaos makes gradients explode',
    text: 'For the chaotic g = 2 RNN (λ_max ≈ 0.13) the Jacobian product ‖J_T ⋯ J_t₊₁‖ in every BPTT gradient grows like exp(λ_max·(T − t)): ln‖·‖ rises with slope ≈ 0.13 per step, to about 42 (a factor of about 2·10¹⁸) at horizon 300. Drag g below 1: the products shrink instead.',
    hash: 'model=rnn&sb=0&tab=gradients',
  },
  {
    id: 'forcing-cuts-gradients',
    title: 'Sparse teacher forcing cuts the products',
    text: 'The same network with forcing every τ = 5 steps, its predictability time ln 2/λ_max ≈ 5: every product is cut at length τ, so the meter stays flat at the norm of a 5-step product (ln‖·‖ ≈ 2.3) instead of climbing to ≈ 42. Try τ = 0, or generalised teacher forcing: α ≥ 1 − exp(−λ_max) ≈ 0.13 flattens the growth too.',
    hash: 'model=rnn&sb=0&tab=gradients&tau=5',
  },
  {
    id: 'training-bptt',
    title: 'Plain BPTT on the Lorenz attractor',
    text: 'A PLRNN (M = 15) learns Lorenz-63 from windows of 200 steps by plain BPTT: gradients run back through 200 Jacobians of a chaotic model, so watch the gradient norm spike and the free-running reconstruction miss the attractor (large D_stsp).',
    hash: 'tab=training&tmeth=bptt',
  },
  {
    id: 'training-stf',
    title: 'Sparse teacher forcing rescues training',
    text: 'The same training with the state replaced by the data every τ = 15 steps, the predictability time ln 2/λ_max of the Lorenz data (λ_max = 0.9056 per time unit × dt 0.05 ≈ 0.045 per sample). Compare the gradient norm, D_stsp and D_H with plain BPTT; the τ sweep shows how D_stsp depends on τ around τ_pred.',
    hash: 'tab=training', // the training lab's defaults: sparse forcing at τ_pred
  },
  {
    id: 'trained-gru',
    title: 'A trained GRU inherits the Lorenz attractor’s spectrum',
    text: 'An 8-unit GRU trained on Lorenz-63 by the training lab (tab=training&tmod=gru&tM=8&tep=5000&seed=2). Its exponents have the shape of the Lorenz flow sampled every 0.05: λ₁ ≈ +0.037 (Lorenz 0.045), λ₂ ≈ 0 (along the flow), the rest strongly negative; D_KY ≈ 2.07 (Lorenz 2.06). Scale its recurrent weights: at g = 0.95 or 1.2 the chaos is gone (λ_max < 0).',
    hash: `model=gru&tab=spectrum&${TRAINED_GRU_LORENZ}`,
  },
];

export const SCENE_IDS: readonly string[] = SCENES.map((s) => s.id);

/** The library browser's sections, in lecture order; every scene is in exactly one. */
export const SCENE_GROUPS: readonly { title: string; ids: readonly string[] }[] = [
  { title: 'One neuron and 1-D maps', ids: ['neuron', 'logistic', 'period-doubling', 'period-3', 'li-yorke', 'scrambling'] },
  { title: 'Paper B: expressivity and chance', ids: ['tent-laps', 'fibonacci', 'chaos-probability'] },
  { title: 'Random recurrent networks', ids: ['rnn-ordered', 'rnn-chaotic', 'below-above', 'edge-line', 'gru-init', 'circular-law', 'spectrum', 'relu-edge', 'input-suppresses-chaos', 'henon', 'plrnn'] },
  { title: 'Paper A: gradients and training', ids: ['exploding-gradients', 'forcing-cuts-gradients', 'training-bptt', 'training-stf', 'trained-gru'] },
];

/** The default lecture tour: the arc from one neuron to training on chaotic data. */
export const LECTURE_TOUR: readonly string[] = [
  'neuron',
  'period-doubling',
  'period-3',
  'li-yorke',
  'scrambling',
  'tent-laps',
  'chaos-probability',
  'rnn-ordered',
  'rnn-chaotic',
  'edge-line',
  'spectrum',
  'relu-edge',
  'exploding-gradients',
  'forcing-cuts-gradients',
  'training-stf',
];

export function sceneById(id: string): Scene | undefined {
  return SCENES.find((s) => s.id === id);
}

/** The link body of a scene (without '#'). */
export function sceneHash(s: Scene): string {
  return `v=1&${s.hash}&scene=${s.id}`;
}
