/**
 * Portable elementary functions: exp, expm1, log, tanh, the logistic sigmoid,
 * sin and cos, computed only from IEEE-754 basic operations (+ − × ÷ and
 * exact ones: comparisons, truncation, floor, bit access), so that every
 * JavaScript engine returns the same bits. The engines' own Math.exp, log,
 * cos, tanh … are not specified to the bit and differ between engines (Node
 * 20's V8 and Chromium 156 disagree in the last bit on 3–10 % of arguments):
 * on a chaotic orbit such a bit becomes another picture.
 *
 * The algorithms are those of fdlibm 5.3 (Sun Microsystems, 1993: e_exp.c,
 * s_expm1.c, e_log.c, s_tanh.c, k_sin.c, k_cos.c, e_rem_pio2.c,
 * k_rem_pio2.c), whose error is below 1 ulp, with the refinements V8 made to
 * them (exp(1) = e exactly), translated operation for operation: in double
 * arithmetic without fused multiply-add each operation rounds as in C, so
 * exp, expm1, log, sin and cos return the C library's bits. tanh is fdlibm's
 * with its last step carried in two parts, to stay within 1 ulp (see `tanh`).
 * Bit access (rare, and only where a word must be read) goes through one
 * Float64Array/Uint32Array pair (little-endian, checked at load).
 */
export { exp, expm1, log, log10, sigmoid, tanh } from './elementary/exponential';
export { hypot, norm2 } from './elementary/hypot';
export { cos, sin } from './elementary/trig';
