/**
 * Pieces of numpy source shared by the model modules (each writes its own map
 * for "Copy as Python"): number literals that read back as the same double,
 * and φ with its derivative as the app takes them (the right derivative at a
 * kink).
 */

/** A Python float literal that reads back as the same double. */
export function pyNumber(v: number): string {
  if (Number.isNaN(v)) return "float('nan')";
  if (v === Infinity) return "float('inf')";
  if (v === -Infinity) return "-float('inf')";
  return Object.is(v, -0) ? '-0.0' : String(v);
}

export function pyArray(values: ArrayLike<number>, perLine = 6): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; i += perLine) {
    const row: string[] = [];
    for (let j = i; j < Math.min(values.length, i + perLine); j++) row.push(pyNumber(values[j]));
    parts.push(`    ${row.join(', ')},`);
  }
  return `np.array([\n${parts.join('\n')}\n], dtype=float)`;
}

export function pyStr(s: string): string {
  return JSON.stringify(s);
}

/** φ(z) on arrays, by ACT. */
export const PY_PHI = `
def phi(z):
    if ACT == "tanh":
        return np.tanh(z)
    if ACT == "relu":
        return np.where(z > 0, z, 0.0)
    if ACT == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if ACT == "htanh":
        return np.clip(z, -1.0, 1.0)
    if ACT == "linear":
        return z
    return np.sin(z)
`;

/** φ, φ′ in x of the units wᵢx + bᵢ and σ_out of a 1-D network. */
export const PY_PHI_NET = `${PY_PHI}

def dphi_dx(z, w):
    """phi'(z) with z = w x + b; at a kink the right derivative in x, as the app takes it."""
    if ACT == "tanh":
        t = np.tanh(z)
        return 1 - t * t
    if ACT == "relu":
        return ((z > 0) | ((z == 0) & (w > 0))).astype(float)
    if ACT == "sigmoid":
        q = 1.0 / (1.0 + np.exp(-z))
        return q * (1 - q)
    if ACT == "htanh":
        inside = (z <= 1) & (z >= -1) & ((z < 1) | (w < 0)) & ((z > -1) | (w > 0))
        return inside.astype(float)
    if ACT == "linear":
        return np.ones_like(z)
    return np.cos(z)


def output(p, ds):
    """sigma_out of the pre-activation p and its derivative."""
    if OUT == "identity":
        return p, ds
    if OUT == "clip":
        if p < 0 or p > 1:
            return (0.0 if p < 0 else 1.0), 0.0
        return p, (0.0 if (p == 0 and ds < 0) or (p == 1 and ds > 0) else ds)
    if ACT == "tanh":
        t = math.tanh(p)
        return t, (1 - t * t) * ds
    if ACT == "relu":
        return (p if p > 0 else 0.0), (ds if p > 0 or (p == 0 and ds > 0) else 0.0)
    if ACT == "sigmoid":
        q = 1.0 / (1.0 + np.exp(-p))
        return q, q * (1 - q) * ds
    if ACT == "htanh":
        d = 0.0 if p > 1 or p < -1 or (p == 1 and ds > 0) or (p == -1 and ds < 0) else ds
        return min(1.0, max(-1.0, p)), d
    if ACT == "linear":
        return p, ds
    return math.sin(p), math.cos(p) * ds
`;

/** φ′(z) on arrays (a vector network's units). */
export const PY_DPHI = `

def dphi(z):
    """phi'(z); at a kink the right derivative, as the app takes it."""
    if ACT == "tanh":
        t = np.tanh(z)
        return 1 - t * t
    if ACT == "relu":
        return (z >= 0).astype(float)
    if ACT == "sigmoid":
        q = 1.0 / (1.0 + np.exp(-z))
        return q * (1 - q)
    if ACT == "htanh":
        return ((z < 1) & (z >= -1)).astype(float)
    if ACT == "linear":
        return np.ones_like(z)
    return np.cos(z)
`;
