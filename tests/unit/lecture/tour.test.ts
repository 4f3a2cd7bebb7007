import { describe, expect, it } from 'vitest';
import { decodeHash, encodeHash } from '../../../src/params/url';
import { decodeTour, encodeTour, stepInfo } from '../../../src/params/tour';
import { stepHash, stepState } from '../../../src/lecture/steps';
import { SCENES, sceneHash } from '../../../src/params/scenes';
import type { TourStep } from '../../../src/params/spec';

describe('tours', () => {
  const tour: TourStep[] = [{ scene: SCENES[0].id }, { title: 'Logistic at r = 4 — “fully” chaotic', hash: 'https://x.org/app/#v=1&model=logistic&r=4' }, { scene: SCENES[1].id }];

  it('encode/decode round-trips library scenes and titled links (unicode titles included)', () => {
    const w: string[] = [];
    const back = decodeTour(encodeTour(tour), w);
    expect(w).toEqual([]);
    expect(back).toEqual([tour[0], { title: 'Logistic at r = 4 — “fully” chaotic', hash: 'v=1&model=logistic&r=4' }, tour[2]]);
  });

  it('the tour key survives the share link and is left out when empty', () => {
    const d = decodeHash('model=logistic');
    expect(encodeHash(d)).not.toContain('tour=');
    d.params.tour = tour;
    d.params.ts = 2;
    const h = encodeHash(d);
    expect(h).toMatch(/&tour=s\.[a-z0-9-]+,l\.[A-Za-z0-9_-]+,s\./);
    const again = decodeHash(h);
    expect(again.warnings).toEqual([]);
    expect(again.params.ts).toBe(2);
    expect(again.params.tour.map((s) => stepInfo(s).title)).toEqual(tour.map((s) => stepInfo(s).title));
  });

  it('bad steps are skipped with a message, never thrown', () => {
    const w: string[] = [];
    expect(decodeTour('s.no-such-scene,l.%%%,x.y,,l.' + btoa('no newline'), w)).toEqual([]);
    expect(w.length).toBe(5);
  });

  it('a step loads its link, keeps the tour and carries theme / presentation over unless the step sets them', () => {
    const cur = decodeHash('theme=projector&present=1&hide=seed,tabs').params;
    const s1 = stepState(tour, 1, cur);
    expect(s1.params.model).toBe('logistic');
    expect(s1.params.r).toBe(4);
    expect(s1.params.theme).toBe('projector');
    expect(s1.params.present).toBe(1);
    expect(s1.params.hide).toEqual(['seed', 'tabs']);
    expect(s1.params.ts).toBe(1);
    expect(s1.params.tour).toHaveLength(3);
    const s0 = stepState(tour, 0, cur);
    expect(s0.params.scene).toBe(SCENES[0].id);
    expect(decodeHash(sceneHash(SCENES[0])).params.model).toBe(s0.params.model);
    // a step that sets its own theme wins
    const own: TourStep[] = [{ title: 'dark', hash: 'model=tent&theme=dark' }];
    expect(stepState(own, 0, cur).params.theme).toBe('dark');
    // out-of-range steps are clamped
    expect(stepState(tour, 99, cur).params.ts).toBe(2);
    expect(decodeHash(stepHash(tour, 2, cur)).params.ts).toBe(2);
  });
});
