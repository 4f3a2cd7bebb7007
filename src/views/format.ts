/** Number formatting for readouts (core/format.ts: the model formulas use it too). */
export { fmt, fmtCount, fmtDuration, sub, sup } from '../core/format';
