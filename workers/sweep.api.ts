/**
 * Worker methods of the chaos-probability sweep (P8). Spread into the compute
 * API by createComputeApi; `isStale` says whether a job of a lane was superseded.
 */
export interface SweepApiContext {
  isStale(lane: string, jobId: number): boolean;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export function createSweepApi(ctx: SweepApiContext) {
  return {};
}
