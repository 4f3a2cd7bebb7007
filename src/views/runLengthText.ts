/** Why a Lyapunov run stopped, in words (core/runLength.ts): nothing for a fixed length. */
import type { StopReason } from '../core/runLength';
import { fmt } from './format';

export function stopText(r: { stopped: StopReason | null; tol: number }, errors = 'the standard error'): string {
  if (r.stopped === 'tol') return `auto: ${errors} below ${fmt(r.tol, 2)}`;
  if (r.stopped === 'cap') return `auto: stopped at the cap, ${errors} still above ${fmt(r.tol, 2)}`;
  return '';
}
