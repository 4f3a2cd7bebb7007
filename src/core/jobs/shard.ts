/**
 * Scale-out (docs/scale-out.md): the cells of a grid split into n shards by a
 * fixed, interleaved rule — cell c (row-major) belongs to shard (c mod n) + 1 —
 * so every shard gets cells from all over the grid (similar cost) and any
 * machine computes the same split.
 */

/** Shard `index` (1 … count) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The shard (1-based) that cell c belongs to. */
export function shardOf(c: number, count: number): number {
  return (c % count) + 1;
}

/** The cells of a grid of `total` cells that a shard computes (all of them without one), ascending. */
export function shardCells(total: number, shard: Shard | null): number[] {
  const out: number[] = [];
  if (!shard) {
    for (let c = 0; c < total; c++) out.push(c);
    return out;
  }
  for (let c = shard.index - 1; c < total; c += shard.count) out.push(c);
  return out;
}
