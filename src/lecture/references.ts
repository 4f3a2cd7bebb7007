/**
 * What the About page cites: the two source papers, the algorithms the lab
 * runs (one line each, with where it comes from), and how to cite the lab.
 * Pure data.
 */

export interface Paper {
  /** "Paper A" / "Paper B", as the app's texts call them. */
  tag: string;
  authors: string;
  title: string;
  venue: string;
  links: { label: string; href: string }[];
  /** What the lab takes from it. */
  about: string;
}

export const SOURCE_PAPERS: readonly Paper[] = [
  {
    tag: 'Paper A',
    authors: 'Jonas M. Mikhaeil, Zahra Monfared, Daniel Durstewitz',
    title: 'On the difficulty of learning chaotic dynamics with RNNs',
    venue: 'Advances in Neural Information Processing Systems 35 (NeurIPS 2022), pp. 11297–11312',
    links: [
      { label: 'NeurIPS proceedings', href: 'https://papers.neurips.cc/paper_files/paper/2022/hash/495e55f361708bedbab5d81f92048dcd-Abstract-Conference.html' },
      { label: 'arXiv:2110.07238', href: 'https://arxiv.org/abs/2110.07238' },
      { label: 'code (DurstewitzLab/ChaosRNN)', href: 'https://github.com/DurstewitzLab/ChaosRNN' },
    ],
    about: 'Loss gradients are Jacobian products: stable fixed points and cycles give bounded gradients, chaos (λ_max > 0) makes them diverge; sparse teacher forcing every τ ≈ ln 2/λ_max steps keeps them in check. The PLRNN, the gradient meter and the training lab follow it.',
  },
  {
    tag: 'Paper B',
    authors: 'Vaggos Chatziafratis, Ioannis Panageas, Clayton Sanford, Stelios Stavroulakis',
    title: 'On Scrambling Phenomena for Randomly Initialized Recurrent Networks',
    venue: 'Advances in Neural Information Processing Systems 35 (NeurIPS 2022)',
    links: [
      { label: 'NeurIPS proceedings', href: 'https://papers.neurips.cc/paper_files/paper/2022/hash/755acd0c7c07180d78959b6d89768207-Abstract-Conference.html' },
      { label: 'arXiv:2210.05212', href: 'https://arxiv.org/abs/2210.05212' },
      { label: 'code (steliostavroulakis/Chaos_RNNs)', href: 'https://github.com/steliostavroulakis/Chaos_RNNs' },
    ],
    about: 'A randomly initialised 1-D network map has a point of period 3, hence Li–Yorke chaos and scrambled pairs, with a probability that does not vanish with width; its oscillations grow exponentially under iteration and survive perturbation. The 1-D network, the periodic-points, expressivity and chaos-probability views follow it.',
  },
];

export interface Algorithm {
  name: string;
  /** What the lab computes with it, one line. */
  what: string;
  /** Where it comes from. */
  ref: string;
}

export const ALGORITHMS: readonly Algorithm[] = [
  {
    name: 'Lyapunov exponent of a 1-D map',
    what: 'λ = time average of ln|f′(xₜ)| along the orbit after a transient, with its running mean as a convergence check.',
    ref: 'S. H. Strogatz, Nonlinear Dynamics and Chaos, §10.5 (textbook definition).',
  },
  {
    name: 'Two-trajectory λ_max',
    what: 'A twin started δ₀ away, renormalised to δ₀ every step; the mean log growth is λ_max (a cross-check of the QR value).',
    ref: 'G. Benettin, L. Galgani, J.-M. Strelcyn, Phys. Rev. A 14, 2338 (1976).',
  },
  {
    name: 'Lyapunov spectrum (QR / Benettin)',
    what: 'Tangent vectors J·Q re-orthonormalised by QR every step; λᵢ = mean ln|Rᵢᵢ|; the sum rule Σλᵢ = ⟨ln|det J|⟩ checks it.',
    ref: 'G. Benettin, L. Galgani, A. Giorgilli, J.-M. Strelcyn, Meccanica 15, 9–30 (1980); I. Shimada, T. Nagashima, Prog. Theor. Phys. 61, 1605 (1979).',
  },
  {
    name: 'Kaplan–Yorke dimension, entropy, predictability',
    what: 'D_KY from the partial sums of the spectrum; entropy rate Σλ⁺ (Pesin); predictability time ln 2/λ_max.',
    ref: 'J. L. Kaplan, J. A. Yorke, Lecture Notes in Math. 730, 204–227 (1979); Ya. B. Pesin, Russ. Math. Surveys 32, 55 (1977); Paper A, eq. 17.',
  },
  {
    name: 'Size invariance of the spectrum',
    what: 'λᵢ against i/N for several N: the spectra of random networks collapse (chaos is extensive).',
    ref: 'R. Engelken, F. Wolf, L. F. Abbott, Lyapunov spectra of chaotic recurrent neural networks, arXiv:2006.02427.',
  },
  {
    name: 'Exact periodic points of piecewise-linear maps',
    what: 'fᵖ is composed piece by piece (ReLU, hard tanh, clip, tent) and fᵖ(x) = x solved on every linear piece; smooth maps by bisection on a fine grid; each cycle verified to 10⁻⁹.',
    ref: 'Our implementation; the method is elementary (cf. Paper B; SCYFI for PLRNNs: Eisenmann et al., NeurIPS 2023).',
  },
  {
    name: 'Sharkovsky’s order',
    what: 'Periods ordered 3 ▷ 5 ▷ 7 ▷ … ▷ 6 ▷ 10 ▷ … ▷ 8 ▷ 4 ▷ 2 ▷ 1: a period implies every period after it.',
    ref: 'A. N. Sharkovsky, Ukrain. Mat. Zh. 16, 61–71 (1964).',
  },
  {
    name: 'Li–Yorke chaos and scrambled pairs',
    what: 'Period 3 implies an uncountable scrambled set; the lab counts random pairs that separate beyond η, come within ε and separate again.',
    ref: 'T.-Y. Li, J. A. Yorke, Period three implies chaos, Amer. Math. Monthly 82, 985–992 (1975); Paper B.',
  },
  {
    name: 'Laps and topological entropy',
    what: 'Monotone pieces ℓ(fᵗ) counted exactly for piecewise-linear maps; h = lim (1/t) ln ℓ(fᵗ); period 3 forces h ≥ ln φ.',
    ref: 'M. Misiurewicz, W. Szlenk, Studia Math. 67, 45–63 (1980); L. Block, J. Guckenheimer, M. Misiurewicz, L.-S. Young, Lecture Notes in Math. 819 (1980); Paper B.',
  },
  {
    name: 'Chaos probability',
    what: 'Monte Carlo over seeded networks: the fraction with a period-3 point (on the true f³) and with a 2-cycle, with 95 % Wilson intervals.',
    ref: 'Paper B; E. B. Wilson, J. Amer. Statist. Assoc. 22, 209–212 (1927).',
  },
  {
    name: 'Mean field of the random RNN',
    what: 'The variance map q ← σ_w²·E[φ(√q z)²] + σ_b² (the Gaussian expectations in closed form for ReLU, hard tanh, sine and linear, by adaptive Gauss–Kronrod quadrature for tanh and sigmoid, to about 10⁻¹² relative), χ₁ = σ_w²·E[φ′²], λ_MF = ½ ln χ₁, the critical g where χ₁ = 1.',
    ref: 'H. Sompolinsky, A. Crisanti, H.-J. Sommers, Phys. Rev. Lett. 61, 259 (1988); B. Poole et al., NeurIPS 2016; S. S. Schoenholz et al., ICLR 2017.',
  },
  {
    name: 'Eigenvalues and fixed points',
    what: 'Eigenvalues of gW against the circular law (radius g·√(N·Var Wᵢⱼ)); fixed points by Newton’s method from several starts, with the eigenvalues of their Jacobians.',
    ref: 'T. Tao, V. Vu, Ann. Probab. 38, 2023–2065 (2010) (circular law).',
  },
  {
    name: 'Gradient meter and BPTT',
    what: 'ln‖J_T ⋯ J_t₊₁‖ and the singular values of the product against the horizon; loss gradients by backpropagation through time.',
    ref: 'P. J. Werbos, Proc. IEEE 78, 1550–1560 (1990); Y. Bengio, P. Simard, P. Frasconi, IEEE Trans. Neural Netw. 5, 157–166 (1994); Paper A, Theorems 1–2.',
  },
  {
    name: 'Sparse and generalised teacher forcing',
    what: 'The state replaced by B⁺xₜ every τ steps (sparse), or mixed z ← (1 − α)z + α·B⁺xₜ every step (generalised); gradient clipping as a baseline.',
    ref: 'Paper A; F. Hess, Z. Monfared, M. Brenner, D. Durstewitz, ICML 2023 (PMLR 202, 13017–13049); R. Pascanu, T. Mikolov, Y. Bengio, ICML 2013 (clipping).',
  },
  {
    name: 'D_stsp and D_H',
    what: 'Binned Kullback–Leibler divergence between the state-space occupations of data and free-running model; Hellinger distance between their smoothed power spectra.',
    ref: 'Paper A; Hess et al., ICML 2023.',
  },
  {
    name: 'Training data and optimiser',
    what: 'Lorenz-63 by RK4 (σ = 10, ρ = 28, β = 8/3; λ_max = 0.9056 per time unit); Adam.',
    ref: 'E. N. Lorenz, J. Atmos. Sci. 20, 130–141 (1963); J. C. Sprott, Chaos and Time-Series Analysis (2003); D. P. Kingma, J. Ba, ICLR 2015.',
  },
  {
    name: 'Reference maps and initialisations',
    what: 'Logistic, tent and Hénon maps; He, Xavier, LeCun and PyTorch initialisations.',
    ref: 'M. Hénon, Commun. Math. Phys. 50, 69–77 (1976); K. He et al., ICCV 2015; X. Glorot, Y. Bengio, AISTATS 2010.',
  },
];

/** Third-party libraries in the built app, with their licenses. */
export const LIBRARIES: readonly { name: string; license: string }[] = [
  { name: 'React', license: 'MIT' },
  { name: 'D3 (d3-scale, d3-array, d3-shape …)', license: 'ISC' },
  { name: 'zustand', license: 'MIT' },
  { name: 'Comlink', license: 'Apache-2.0' },
  { name: 'ml-matrix', license: 'MIT' },
  { name: 'KaTeX', license: 'MIT' },
  { name: 'qrcode-generator', license: 'MIT' },
];

/** A BibTeX entry for the lab itself (the link and the version are the build's). */
export function labBibtex(version: string, url: string, year: number): string {
  return [
    '@software{rnn_chaos_lab,',
    '  title   = {{RNN Chaos Lab}: the order-to-chaos transition of recurrent networks, in the browser},',
    `  version = {${version}},`,
    `  year    = {${year}},`,
    `  url     = {${url}},`,
    '  note    = {Built on Mikhaeil, Monfared and Durstewitz (NeurIPS 2022) and Chatziafratis, Panageas, Sanford and Stavroulakis (NeurIPS 2022)}',
    '}',
  ].join('\n');
}

/** BibTeX entries of the two source papers. */
export const PAPERS_BIBTEX = `@inproceedings{mikhaeil2022difficulty,
  title     = {On the difficulty of learning chaotic dynamics with {RNNs}},
  author    = {Mikhaeil, Jonas M. and Monfared, Zahra and Durstewitz, Daniel},
  booktitle = {Advances in Neural Information Processing Systems},
  volume    = {35},
  pages     = {11297--11312},
  year      = {2022}
}
@inproceedings{chatziafratis2022scrambling,
  title     = {On Scrambling Phenomena for Randomly Initialized Recurrent Networks},
  author    = {Chatziafratis, Vaggos and Panageas, Ioannis and Sanford, Clayton and Stavroulakis, Stelios},
  booktitle = {Advances in Neural Information Processing Systems},
  volume    = {35},
  year      = {2022}
}`;
