/** The phase view's coarse-to-fine order and its draft (core/jobs/phaseOrder.ts). */
import { describe, expect, it } from 'vitest';
import { coarsestStride, draftSources, progressiveOrder, strideOf } from '../../../src/core/jobs/phaseOrder';

describe('progressive order of a phase map', () => {
  it('visits every cell once, for square, oblong and tiny maps', () => {
    for (const [nx, ny] of [
      [32, 32],
      [17, 5],
      [1, 1],
      [4, 64],
      [256, 256],
    ]) {
      const order = progressiveOrder(nx, ny);
      expect(order.length).toBe(nx * ny);
      expect(new Set(order).size).toBe(nx * ny);
      expect(Math.min(...order)).toBe(0);
      expect(Math.max(...order)).toBe(nx * ny - 1);
    }
  });

  it('computes the coarsest grid first, then each finer level', () => {
    const nx = 32;
    const ny = 32;
    const s0 = coarsestStride(nx, ny);
    expect(s0).toBe(4); // 8 anchors along each axis
    const order = progressiveOrder(nx, ny);
    const strides = order.map((c) => strideOf(Math.floor(c / nx), c % nx, s0));
    for (let i = 1; i < strides.length; i++) expect(strides[i]).toBeLessThanOrEqual(strides[i - 1]);
    // the first 64 cells are the 8 × 8 grid of multiples of 4
    expect(order.slice(0, 64).every((c) => Math.floor(c / nx) % 4 === 0 && (c % nx) % 4 === 0)).toBe(true);
  });

  it('is the plain row-major order for maps smaller than the coarsest grid', () => {
    expect(coarsestStride(12, 10)).toBe(1);
    expect(progressiveOrder(3, 2)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('the draft shown while a map fills in', () => {
  it('shows nothing before the first cell, and each computed cell itself', () => {
    const computed = new Uint8Array(16 * 16);
    expect([...draftSources(computed, 16, 16)].every((s) => s === -1)).toBe(true);
    computed[5] = 1;
    expect(draftSources(computed, 16, 16)[5]).toBe(5);
  });

  it('fills every cell from its block’s anchor once the coarse grid is in', () => {
    const nx = 32;
    const ny = 24;
    const order = progressiveOrder(nx, ny);
    const s0 = coarsestStride(nx, ny);
    const computed = new Uint8Array(nx * ny);
    const coarse = order.filter((c) => strideOf(Math.floor(c / nx), c % nx, s0) === s0);
    coarse.forEach((c) => (computed[c] = 1));
    const src = draftSources(computed, nx, ny);
    for (let row = 0; row < ny; row++)
      for (let col = 0; col < nx; col++) expect(src[row * nx + col]).toBe((row - (row % s0)) * nx + (col - (col % s0)));
  });

  it('uses the finest computed block: after the next level a cell shows its nearer anchor', () => {
    const nx = 32;
    const order = progressiveOrder(nx, nx);
    const computed = new Uint8Array(nx * nx);
    // the 4-stride and 2-stride levels
    order.filter((c) => strideOf(Math.floor(c / nx), c % nx, 4) >= 2).forEach((c) => (computed[c] = 1));
    const src = draftSources(computed, nx, nx);
    expect(src[3 * nx + 3]).toBe(2 * nx + 2);
    expect(src[5 * nx + 1]).toBe(4 * nx + 0);
  });
});
