/**
 * Old links keep working: each entry turns a link of version v into one of
 * version v + 1. Version 1 is the first; links without `v` are read as v1.
 */
import { SCHEMA_VERSION } from './spec';

const MIGRATIONS: Record<number, (sp: URLSearchParams) => URLSearchParams> = {
  // 1: (sp) => { … rename or rescale keys for v2 … ; return sp; },
};

export function migrate(sp: URLSearchParams, warnings: string[]): URLSearchParams {
  const raw = sp.get('v');
  let v = raw === null ? 1 : Number(raw);
  if (!Number.isInteger(v) || v < 1) {
    warnings.push(`Unknown link version "${raw}"; reading it as version ${SCHEMA_VERSION}.`);
    v = SCHEMA_VERSION;
  }
  if (v > SCHEMA_VERSION) {
    warnings.push(`This link was made by a newer version of the app (v=${v}); some settings may be ignored.`);
    return sp;
  }
  while (v < SCHEMA_VERSION) {
    const step = MIGRATIONS[v];
    if (step) sp = step(sp);
    v++;
  }
  return sp;
}
