/**
 * The state a CLI run uses: the link (decoded exactly as the app does), plus
 * an optional network file that replaces the seeded network.
 */
import { importPatch, importedFor, modelOf, type ImportedData } from '../core/models';
import type { Params } from '../params/spec';
import { decodeHash, encodeHash, hashPairs, normalise } from '../params/url';
import { migrate } from '../params/migrations';
import { kindOf, weightsHash, type WeightsRef } from '../params/weights';
import { describeModule, parseWeightFile } from '../params/weightFile';
import { oneLine } from '../core/format';

/** A bad input file: exit code 2, like a bad argument. */
export class InputError extends Error {}

export interface RunState {
  params: Params;
  weights: WeightsRef | null;
  /** The network the map uses instead of the seeded draw (weights of the state's model). */
  imported: ImportedData | null;
  warnings: string[];
}

/**
 * Decode the link and apply --weights (any weight file of params/weightFile.ts;
 * `module` picks a recurrent module of a state_dict). `readBytes` throws when
 * the file cannot be read. Throws InputError for an unreadable or invalid file.
 */
export function resolveState(url: string | null, weightsPath: string | null, readBytes: (path: string) => Uint8Array, module: string | null = null): RunState {
  const link = url ?? '';
  const d = decodeHash(link);
  const warnings = [...d.warnings];
  const params: Params = { ...d.params };
  let weights = d.weights;
  // Keys the link states explicitly (after migration, as decodeHash reads them).
  const given = migrate(hashPairs(link), []);
  const hadWindow = given.has('bx0') || given.has('bx1');

  if (weightsPath !== null) {
    let bytes: Uint8Array;
    try {
      bytes = readBytes(weightsPath);
    } catch (e) {
      throw new InputError(`cannot read weights file "${oneLine(weightsPath)}": ${oneLine(errorMessage(e), 200)}`);
    }
    const fileName = weightsPath.split(/[\\/]/).pop() ?? weightsPath;
    const r = parseWeightFile(bytes, fileName, module);
    if (!r.ok) {
      const choice = r.modules && r.modules.length > 1 ? ` (modules: ${r.modules.map((m) => `${m.name}: ${describeModule(m)}`).join('; ')}; choose one with --module NAME)` : '';
      throw new InputError(`invalid weights file "${oneLine(weightsPath)}": ${oneLine(r.error, 300)}${choice}`);
    }
    if (module !== null && r.module === null) throw new InputError(`--module applies to a PyTorch state_dict; "${oneLine(weightsPath)}" is a network file of the lab`);
    const net = r.net;
    const hash = weightsHash(net.weights);
    if (weights && weights.hash !== hash) {
      warnings.push(`The link refers to another imported network (wh=${weights.hash}); using the network of ${weightsPath}.`);
    }
    const name = modelOf(net.model).name;
    const kind = `${/^([aeiou]|RNN)/i.test(name) ? 'an' : 'a'} ${name}`;
    if (given.has('model') && params.model !== net.model) {
      warnings.push(`--weights imports ${kind}: model = ${params.model} in the link is replaced by ${net.model}.`);
    }
    params.model = net.model;
    // As the app's import does, a file's weights are taken as they are (its φ, σ_out and
    // width; g = 1, σ_b = 1 where it scales them) unless the link states g or sb, which then scale them.
    const patch = importPatch(net.model, net.weights, net.patch);
    for (const [key, v] of Object.entries(patch) as [keyof typeof patch, never][]) {
      if ((key === 'g' || key === 'sb') && given.has(key)) continue;
      (params as unknown as Record<string, unknown>)[key] = v;
    }
    weights = { hash, data: net.weights };
  } else if (weights && !weights.data) {
    warnings.push(
      `The link refers to an imported network (wh=${weights.hash}) without carrying its weights; using the seeded network instead. Pass the file with --weights.`,
    );
    weights = null;
  }
  if (weights?.data && kindOf(weights.data) !== params.model) weights = null;
  // Cross-key rules again: k may have changed with the imported network.
  normalise(params, warnings, hadWindow);
  return {
    params,
    weights,
    imported: importedFor(params.model, weights?.data),
    warnings,
  };
}

/**
 * The state with the run's own settings (T, lt, ls, bt, bn, xt, sn, sw, sg0, sg1, sgn) written in, for the
 * keys where the link can carry them unchanged; other keys keep the link's value.
 */
export function stateWithRunSettings(s: RunState, patch: Partial<Params>): Params {
  const candidate: Params = { ...s.params, ...patch };
  const back = decodeHash(encodeHash({ params: candidate, weights: s.weights })).params as unknown as Record<string, unknown>;
  const c = candidate as unknown as Record<string, unknown>;
  const orig = s.params as unknown as Record<string, unknown>;
  for (const key of Object.keys(patch)) {
    // lists (sw) compare by value
    if (JSON.stringify(back[key]) !== JSON.stringify(c[key])) c[key] = orig[key];
  }
  return candidate;
}

export function stateHash(s: RunState, params: Params): string {
  return encodeHash({ params, weights: s.weights });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
