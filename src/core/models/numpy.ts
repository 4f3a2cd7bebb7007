/**
 * Pieces of numpy source shared by the model modules (each writes its own map
 * for "Copy as Python"): number literals that read back as the same double,
 * φ with its derivative, and the 1-D network's map, all with the app's
 * arithmetic: the transcendental functions are the app's own (app_tanh …,
 * src/export/pythonElementary.ts) and every sum runs in the app's order
 * (`seqsum`, defined by the script: src/export/python.ts), so the scripts
 * reproduce the app's numbers bit for bit.
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

/**
 * φ(z) on arrays, by ACT, as activations.ts `phi` computes it: tanh, the
 * sigmoid and sin are the app's own (app_tanh, app_sigmoid, app_sin of
 * src/export/pythonElementary.ts, the same bits), the piecewise-linear ones
 * with the app's comparisons (NaN: ReLU gives 0, hard tanh passes it on).
 */
export const PY_PHI = `
def phi(z):
    """phi(z), the app's (activations.ts phi)."""
    if ACT == "tanh":
        return app_tanh(z)
    if ACT == "relu":
        return np.where(z > 0, z, 0.0)
    if ACT == "sigmoid":
        return app_sigmoid(z)
    if ACT == "htanh":
        return np.where(z > 1, 1.0, np.where(z < -1, -1.0, z))
    if ACT == "linear":
        return z
    return app_sin(z)
`;

/**
 * The map of a 1-D network, f(x) = σ_out(Σᵢ aᵢ φ(wᵢx + bᵢ) + c) with
 * f′(x), as net1d.ts NetMap.f and fd compute them: the sums run in ascending i
 * from s = 0 (seqsum; a unit the app skips adds −0, which changes nothing),
 * f′ sums aᵢwᵢ·φ′ with the app's products (aw·q·(1 − q) left to right for the
 * sigmoid; the right derivative in x at a kink), and σ_out is applied with the
 * app's comparisons. Vectorised: x may be an array (an orbit, or one start
 * per map when the weights have a leading axis of maps: a diagram's columns).
 */
export const PY_NET_MAP = `${PY_PHI}

class Map:
    """f(x) = sigma_out(sum_i a_i phi(w_i x + b_i) + c), in the app's order of operations (net1d.ts).

    The arguments may be arrays of values (one map per value, for the columns of
    a diagram); then x holds one value per map.
    """

    def __init__(self, g=G, sb=SB, **unit):
        col = lambda v: np.asarray(v, dtype=float)[..., None]
        self.w, self.b, self.a, c = network(col(g), col(sb), **{k: col(v) for k, v in unit.items()})
        self.c = np.asarray(c, dtype=float)[..., 0]
        self.aw = self.a * self.w

    def pre(self, x):
        """z_i = w_i x + b_i for every unit (a last axis of units)."""
        return self.w * np.asarray(x)[..., None] + self.b

    def f(self, x):
        z = self.pre(x)
        a = self.a
        if ACT == "relu":
            t = np.where(z > 0, a * z, -0.0)
        elif ACT == "htanh":
            t = np.where(z > 1, a, np.where(z < -1, -a, a * z))
        elif ACT == "linear":
            t = a * z
        else:
            t = a * phi(z)
        return self.output(seqsum(t) + self.c, None)[0]

    def fd(self, x):
        """f(x) and f'(x) (at a kink the right derivative in x, as the app takes it)."""
        z = self.pre(x)
        a, aw, w = self.a, self.aw, self.w
        if ACT == "tanh":
            t = app_tanh(z)
            s, ds = a * t, aw * (1 - t * t)
        elif ACT == "relu":
            s = np.where(z > 0, a * z, -0.0)
            ds = np.where((z > 0) | ((z == 0) & (w > 0)), aw, -0.0)
        elif ACT == "sigmoid":
            q = app_sigmoid(z)
            s, ds = a * q, aw * q * (1 - q)
        elif ACT == "htanh":
            s = np.where(z > 1, a, np.where(z < -1, -a, a * z))
            inside = ~(z > 1) & ~(z < -1) & ((z < 1) | (w < 0)) & ((z > -1) | (w > 0))
            ds = np.where(inside, aw, -0.0)
        elif ACT == "linear":
            s, ds = a * z, np.broadcast_to(aw, z.shape)
        else:
            s, ds = a * app_sin(z), aw * app_cos(z)
        return self.output(seqsum(s) + self.c, seqsum(ds))

    def output(self, p, ds):
        """sigma_out of the pre-activation p, and its derivative from ds (None: not asked)."""
        if OUT == "identity":
            return p, ds
        if OUT == "clip":
            y = np.where(p < 0, 0.0, np.where(p > 1, 1.0, p))
            if ds is None:
                return y, None
            return y, np.where((p < 0) | (p > 1) | ((p == 0) & (ds < 0)) | ((p == 1) & (ds > 0)), 0.0, ds)
        if ACT == "tanh":
            t = app_tanh(p)
            return t, None if ds is None else (1 - t * t) * ds
        if ACT == "relu":
            y = np.where(p > 0, p, np.where(p <= 0, 0.0, p))
            return y, None if ds is None else np.where((p > 0) | ((p == 0) & (ds > 0)), ds, 0.0)
        if ACT == "sigmoid":
            q = app_sigmoid(p)
            return q, None if ds is None else q * (1 - q) * ds
        if ACT == "htanh":
            y = np.where(p > 1, 1.0, np.where(p < -1, -1.0, p))
            if ds is None:
                return y, None
            return y, np.where((p > 1) | (p < -1) | ((p == 1) & (ds > 0)) | ((p == -1) & (ds < 0)), 0.0, ds)
        if ACT == "linear":
            return p, ds
        return app_sin(p), None if ds is None else app_cos(p) * ds
`;

/**
 * φ(z) and φ′(z) on arrays, as activations.ts `activateInto` gives them to a
 * vector network (tanh: 1 − t·t of the same t; at a kink the right
 * derivative; NaN as the app's comparisons treat it).
 */
export const PY_PHI_DPHI = `

def phi_dphi(z):
    """phi(z) and phi'(z), the app's (activations.ts activateInto)."""
    if ACT == "tanh":
        t = app_tanh(z)
        return t, 1 - t * t
    if ACT == "sigmoid":
        q = app_sigmoid(z)
        return q, q * (1 - q)
    if ACT == "sin":
        return app_sin(z), app_cos(z)
    if ACT == "relu":
        d = np.where(z >= 0, 1.0, 0.0)
    elif ACT == "htanh":
        d = np.where((z >= 1) | (z < -1), 0.0, 1.0)
    else:
        d = np.ones_like(z)
    return phi(z), d
`;
