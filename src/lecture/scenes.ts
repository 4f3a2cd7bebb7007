/**
 * The scene library (T2): named states of the lab along the lecture arc. A
 * scene is a link body plus a title and what to look at; its link is
 * `#<hash>&scene=<id>`, and the app shows the title and the text above the
 * panels. Pure data: the parameter table reads the ids from here.
 */
export interface Scene {
  id: string;
  title: string;
  /** What to look at, in one or two sentences. */
  text: string;
  /** The link body (keys that differ from the defaults; `v=1` implied). */
  hash: string;
}

export const SCENES: readonly Scene[] = [
  {
    id: 'neuron',
    title: 'A single neuron: from a fixed point to oscillation',
    text: 'x ← tanh(g·w·x) with w = −1. Drag g past 1: the stable fixed point at 0 loses stability (f′(0) = −g) and the orbit settles on a 2-cycle that alternates sign.',
    hash: 'model=neuron&act=tanh&g=1.5&w=-1&b=0&x0=0.5&fk=1,2&bx0=0&bx1=4',
  },
  {
    id: 'period-doubling',
    title: 'Period doubling in a 1-D network',
    text: 'The orbit diagram of a width-16 tanh network over g: one branch splits into 2, 4, 8 … ever faster, until the bands of chaos, where λ turns positive (orange).',
    hash: 'model=net1d&g=2.7&seed=6',
  },
];

export const SCENE_IDS: readonly string[] = SCENES.map((s) => s.id);

export function sceneById(id: string): Scene | undefined {
  return SCENES.find((s) => s.id === id);
}

/** The link body of a scene (without '#'). */
export function sceneHash(s: Scene): string {
  return `v=1&${s.hash}&scene=${s.id}`;
}
