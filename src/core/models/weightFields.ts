/**
 * Validation of the fields of a weight file (JSON): every failure is a message
 * that names the field and says what is wrong, never an exception.
 */
import { ACTIVATIONS, type Activation } from './activations';

/** An array of finite numbers, or why not. */
export function numberArray(v: unknown, name: string): Float64Array | string {
  if (!Array.isArray(v)) return `"${name}" must be an array of numbers.`;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return `"${name}[${i}]" must be a finite number (got ${JSON.stringify(x) ?? String(x)}).`;
    out[i] = x;
  }
  return out;
}

/** An n × n matrix given as an array of n rows, flattened row-major, or why not. */
export function squareMatrix(v: unknown, name: string): { m: Float64Array; n: number } | string {
  if (!Array.isArray(v) || v.length === 0) return `"${name}" must be a square matrix: an array of rows, each an array of numbers.`;
  const n = v.length;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = numberArray(v[i], `${name}[${i}]`);
    if (typeof row === 'string') return row.includes('must be an array') ? `"${name}[${i}]" must be a row (an array of numbers).` : row;
    if (row.length !== n) return `"${name}" must be square: it has ${n} rows but row ${i} has ${row.length} entries.`;
    m.set(row, i * n);
  }
  return { m, n };
}

/** The file's "activation" (required), or the message. */
export function activationOf(o: Record<string, unknown>): Activation | string {
  if (o.activation === undefined) return `"activation" is missing; use one of ${ACTIVATIONS.join(', ')}.`;
  if (!(ACTIVATIONS as readonly unknown[]).includes(o.activation)) {
    return `"activation" ${JSON.stringify(o.activation)} is not supported; use one of ${ACTIVATIONS.join(', ')}.`;
  }
  return o.activation as Activation;
}

/** An optional vector of n entries (zeros when absent), or why not. */
export function optionalVector(v: unknown, name: string, n: number, of: string): Float64Array | string {
  const x = v === undefined ? new Float64Array(n) : numberArray(v, name);
  if (typeof x === 'string') return x;
  if (x.length !== n) return `"${name}" has ${x.length} entries but ${of}.`;
  return x;
}

/** Rows of an n × n row-major matrix, for JSON. */
export function matrixRows(m: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => [...m.subarray(i * n, i * n + n)]);
}
