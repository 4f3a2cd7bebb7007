/**
 * The work meter (core/cost.ts): a job that charges its work stops at its
 * allowance, at the same point on every run (work is counted, not timed);
 * the driver turns that into an OVER_BUDGET outcome; no meter, no limit (the
 * CLI). The default periodic-points view, the slowest default, fits.
 */
import { describe, expect, it } from 'vitest';
import { OverBudget, START_BUDGET_S, charge, meterOf, withMeter } from '../../../src/core/cost';
import { decodeHash } from '../../../src/params/url';
import { expressivityRequest, periodicRequest } from '../../../src/params/requests';
import { expressivityJob, periodicViewJob } from '../../../src/core/jobs/paperB';
import { NO_PAUSE, runToEnd, type Job } from '../../../src/core/job';
import { drive } from '../../../workers/driver';

const metered = <T>(limitS: number, job: () => Job<T>) => {
  const m = meterOf(limitS);
  try {
    return { value: withMeter(m, () => runToEnd(job())), spentNs: m.spentNs };
  } catch (e) {
    return { error: e, spentNs: m.spentNs };
  }
};

describe('the work meter', () => {
  it('charges only inside a meter, and restores the outer one', () => {
    expect(() => charge(1e30)).not.toThrow();
    const outer = meterOf(1);
    const inner = meterOf(1);
    withMeter(outer, () => {
      charge(1e8);
      withMeter(inner, () => charge(2e8));
      charge(1e8);
    });
    expect(outer.spentNs).toBe(2e8);
    expect(inner.spentNs).toBe(2e8);
    expect(() => withMeter(meterOf(0.5), () => charge(6e8))).toThrow(OverBudget);
  });

  it('stops a wide network’s certified search at its allowance, at the same evaluation every time', () => {
    const req = periodicRequest(decodeHash('#model=net1d&k=1024&tab=periodic').params, null, false);
    const a = metered(0.2, () => periodicViewJob(req, NO_PAUSE));
    const b = metered(0.2, () => periodicViewJob(req, NO_PAUSE));
    expect(a.error).toBeInstanceOf(OverBudget);
    expect((a.error as OverBudget).spentS).toBeGreaterThan(0.2);
    expect((a.error as OverBudget).spentS).toBeLessThan(0.201);
    expect(b.spentNs).toBe(a.spentNs);
  }, 30_000);

  it('the laps of a wide ReLU network are metered too (pieces composed, networks evaluated)', () => {
    const req = expressivityRequest(decodeHash('#model=net1d&k=1024&act=relu&tab=expressivity').params, null, false);
    expect(metered(0.2, () => expressivityJob(req, NO_PAUSE)).error).toBeInstanceOf(OverBudget);
  }, 30_000);

  it('the default periodic-points view (the slowest default) finishes within what a link starts by itself, with the same result as unmetered', () => {
    const req = periodicRequest(decodeHash('#tab=periodic').params, null, false);
    const m = metered(START_BUDGET_S, () => periodicViewJob(req, NO_PAUSE));
    expect(m.error).toBeUndefined();
    expect(m.spentNs / 1e9).toBeGreaterThan(0.2);
    expect(m.spentNs / 1e9).toBeLessThan(START_BUDGET_S);
    const free = runToEnd(periodicViewJob(req, NO_PAUSE));
    expect(m.value!.periodic.periods).toEqual(free.periodic.periods);
    expect(m.value!.periodic.cells).toBe(free.periodic.cells);
  }, 240_000); // generous: about 10 s alone, much longer on a loaded two-core machine

  it('the driver ends a job over its allowance with OVER_BUDGET and what it spent', async () => {
    function* charging(): Job<number> {
      for (let i = 0; i < 100; i++) {
        charge(1e8); // 0.1 s each
        yield undefined;
      }
      return 1;
    }
    const out = await drive(4, charging, { limitS: 0.35 });
    expect(out).toMatchObject({ ok: false, jobId: 4, code: 'OVER_BUDGET' });
    expect(out.ok === false && out.code === 'OVER_BUDGET' && out.spentS).toBeCloseTo(0.4, 10);
    // without a limit it runs to the end
    expect(await drive(5, charging)).toMatchObject({ ok: true, value: 1 });
  });
});
