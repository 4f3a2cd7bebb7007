/**
 * Worker methods of the chaos-probability sweep (P8). Spread into the compute
 * API by createComputeApi; `isStale` says whether a job of a lane was superseded.
 */
export interface SweepApiContext {
  isStale(lane: string, jobId: number): boolean;
}

export function createSweepApi(_ctx: SweepApiContext) {
  return {};
}
