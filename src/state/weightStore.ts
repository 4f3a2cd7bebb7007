/**
 * Imported weights kept on this device (issue #14): IndexedDB, keyed by the
 * weights' content hash, so a link carries only the hash of a network too big
 * for it (docs/url.md, "Imported networks"). Each record is the model, the
 * file's name and the numbers of `packWeights`; reading it back checks the
 * hash, so a damaged record is never used. Networks imported before this
 * store (JSON in localStorage) are still found.
 *
 * Every failure (private mode, storage full or blocked, an old browser) is
 * quiet: the caller then asks for the file.
 */
import type { ModelId } from '../core/models';
import { packWeights, unpackWeights, weightsHash, type ImportedData, type WeightsRef } from '../params/weights';
import { modelOfWeights } from '../core/models';

const DB_NAME = 'rnn-chaos-lab';
const STORE = 'weights';
const LEGACY_PREFIX = 'rnn-chaos-lab:weights:';

interface WeightRecord {
  hash: string;
  model: ModelId;
  name: string | null;
  values: Float64Array;
  saved: number;
}

let dbPromise: Promise<IDBDatabase> | null = null;

function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('no IndexedDB'));
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'hash' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB failed to open'));
    req.onblocked = () => reject(new Error('IndexedDB is blocked'));
  });
  dbPromise.catch(() => (dbPromise = null));
  return dbPromise;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Keep a network on this device under its hash. Resolves false when it could not be stored. */
export async function storeWeights(ref: WeightsRef): Promise<boolean> {
  if (!ref.data) return false;
  const model = modelOfWeights(ref.data);
  if (!model) return false;
  try {
    const db = await openDb();
    const record: WeightRecord = { hash: ref.hash, model, name: ref.name ?? null, values: packWeights(ref.data), saved: Date.now() };
    const tx = db.transaction(STORE, 'readwrite');
    tx.objectStore(STORE).put(record);
    // kept only once the transaction has committed (a reload before that would lose a large record)
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
    return true;
  } catch {
    return false;
  }
}

/** A network kept on this device, checked against its hash; null when there is none (or it is damaged). */
export async function loadWeights(hash: string): Promise<{ data: ImportedData; name: string | null } | null> {
  const legacy = loadLegacy(hash);
  if (legacy) return { data: legacy, name: null };
  try {
    const db = await openDb();
    const rec = (await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(hash))) as WeightRecord | undefined;
    if (!rec || !(rec.values instanceof Float64Array)) return null;
    const data = unpackWeights(rec.values, rec.model);
    if (typeof data === 'string' || weightsHash(data) !== hash) return null;
    return { data, name: rec.name };
  } catch {
    return null;
  }
}

/** Parse stored network JSON (the lab's formats), kept out of this module's dependencies. */
let parseLegacy: ((json: string) => ImportedData | null) | null = null;

export function setLegacyParser(parse: (json: string) => ImportedData | null): void {
  parseLegacy = parse;
}

function loadLegacy(hash: string): ImportedData | null {
  try {
    const json = typeof localStorage === 'undefined' ? null : localStorage.getItem(LEGACY_PREFIX + hash);
    const net = json && parseLegacy ? parseLegacy(json) : null;
    return net && weightsHash(net) === hash ? net : null;
  } catch {
    return null;
  }
}
