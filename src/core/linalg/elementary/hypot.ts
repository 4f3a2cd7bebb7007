/**
 * √(x² + y²) from IEEE operations only (engines compute Math.hypot in
 * different ways, so its last bit is not portable): the plain formula where
 * the squares neither overflow nor underflow, else with both scaled by the
 * larger magnitude.
 */
export function hypot(x: number, y: number): number {
  let a = x < 0 ? -x : x;
  let b = y < 0 ? -y : y;
  if (a === Infinity || b === Infinity) return Infinity;
  if (a !== a || b !== b) return NaN;
  if (a < b) {
    const t = a;
    a = b;
    b = t;
  }
  if (a === 0) return 0;
  if (a < 1e150 && a > 1e-150) return Math.sqrt(a * a + b * b); // sqrt is IEEE-exact rounding
  const r = b / a;
  return a * Math.sqrt(1 + r * r);
}

/** √(Σ vᵢ²) in the same spirit, summed in index order. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
