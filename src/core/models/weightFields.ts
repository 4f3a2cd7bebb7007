/**
 * Validation of the fields of a weight file (JSON): every failure is a message
 * that names the field and says what is wrong, never an exception.
 */
import { ACTIVATIONS, type Activation } from './activations';

/**
 * A short, safe quotation of a value for a message: a number or a short
 * string as JSON, a long string cut, an array or object by its kind and size
 * (never serialised whole: a file's value may be huge or deeply nested).
 */
export function quote(v: unknown): string {
  if (typeof v === 'string') return v.length <= 40 ? JSON.stringify(v) : `${JSON.stringify(v.slice(0, 37))}… (${v.length} characters)`;
  if (Array.isArray(v)) return `an array of ${v.length} entries`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (v === undefined) return 'nothing';
  return String(v);
}

/** An array of finite numbers, or why not. */
export function numberArray(v: unknown, name: string): Float64Array | string {
  if (!Array.isArray(v)) return `"${name}" must be an array of numbers.`;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) return `"${name}[${i}]" must be a finite number (got ${quote(x)}).`;
    out[i] = x;
  }
  return out;
}

/**
 * An n × n matrix given as an array of n rows, flattened row-major, or why
 * not; at most maxN rows. The shape is checked before anything is allocated
 * (a small file may claim a huge matrix: 10⁵ empty rows are 80 GB as n × n).
 */
export function squareMatrix(v: unknown, name: string, maxN: number): { m: Float64Array; n: number } | string {
  if (!Array.isArray(v) || v.length === 0) return `"${name}" must be a square matrix: an array of rows, each an array of numbers.`;
  const n = v.length;
  if (n > maxN) return `"${name}" has ${n} rows; at most ${maxN} units are supported.`;
  for (let i = 0; i < n; i++) {
    const row: unknown = v[i];
    if (!Array.isArray(row)) return `"${name}[${i}]" must be a row (an array of numbers).`;
    if (row.length !== n) return `"${name}" must be square: it has ${n} rows but row ${i} has ${row.length} entries.`;
  }
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = numberArray(v[i], `${name}[${i}]`);
    if (typeof row === 'string') return row;
    m.set(row, i * n);
  }
  return { m, n };
}

/** The file's "activation" (required), or the message. */
export function activationOf(o: Record<string, unknown>): Activation | string {
  if (o.activation === undefined) return `"activation" is missing; use one of ${ACTIVATIONS.join(', ')}.`;
  if (!(ACTIVATIONS as readonly unknown[]).includes(o.activation)) {
    return `"activation" ${quote(o.activation)} is not supported; use one of ${ACTIVATIONS.join(', ')}.`;
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
