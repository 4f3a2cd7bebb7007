/** Readout formatting: never NaN or Infinity on screen; digits in super- and subscript. */
import { describe, expect, it } from 'vitest';
import { fmt, fmtDuration, sub, sup } from '../../../src/views/format';

describe('format', () => {
  it('fmt writes non-finite values as symbols and a minus sign', () => {
    expect(fmt(NaN)).toBe('—');
    expect(fmt(Infinity)).toBe('∞');
    expect(fmt(-Infinity)).toBe('−∞');
    expect(fmt(-0.5)).toBe('−0.5');
    expect(fmt(123456)).toBe('1.23e+5');
  });

  it('sup and sub write every digit and the sign', () => {
    expect(sup(1234567890)).toBe('¹²³⁴⁵⁶⁷⁸⁹⁰');
    expect(sup(-3)).toBe('⁻³');
    expect(sub(1234567890)).toBe('₁₂₃₄₅₆₇₈₉₀');
    expect(sub(-12)).toBe('₋₁₂');
  });

  it('fmtDuration', () => {
    expect(fmtDuration(NaN)).toBe('—');
    expect(fmtDuration(3100)).toBe('3.1 s');
  });
});
