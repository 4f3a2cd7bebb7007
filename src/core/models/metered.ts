/**
 * A 1-D map whose evaluations are charged to the running job's work meter
 * (core/cost.ts): the certified searches of the Paper B views cost what their
 * map evaluations cost, and how many they need depends on the map, not on
 * anything known in advance. Only those searches use it; the kernels of the
 * orbit and the diagram call the map itself.
 */
import { NS, charge } from '../cost';
import type { Map1D } from './types';
import type { Piece } from './piecewise';

/**
 * `map` with every evaluation charged: `units` units each (0: a map without
 * units, e.g. the logistic map); `encloseScale` for activations whose interval
 * enclosure costs more than tanh's (the sine's: its extrema inside the interval).
 */
export function meteredMap(map: Map1D, units: number, encloseScale = 1): Map1D {
  const evalNs = units > 0 ? units * (map.piecewiseLinear ? NS.netUnitLinear : NS.netUnit) : NS.mapEval;
  const encloseNs = units > 0 ? units * NS.netUnitEnclose * encloseScale : 40 * NS.mapEval;
  return {
    get d() {
      return map.d;
    },
    set d(v: number) {
      map.d = v;
    },
    piecewiseLinear: map.piecewiseLinear,
    f(x: number): number {
      charge(evalNs);
      return map.f(x);
    },
    fd(x: number): number {
      charge(evalNs);
      return map.fd(x);
    },
    pieces(): Piece[] | null {
      return map.pieces();
    },
    periodicWindow: () => map.periodicWindow(),
    enclose(lo: number, hi: number, out: Float64Array): void {
      charge(encloseNs);
      map.enclose(lo, hi, out);
    },
  };
}
