/**
 * A tour as one link key: `tour=s.period-doubling,s.scrambling,l.<b64>` —
 * `s.<id>` is a library scene, `l.<base64url>` any link with a title
 * (UTF-8 of "title\n<link body>"). Pure; decode never throws.
 */
import type { TourStep } from './spec';
import { sceneById, sceneHash } from './scenes';

export const MAX_TOUR_STEPS = 100;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(b64: string): string | null {
  try {
    const bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The link body of a pasted link or hash: what follows '#', without a leading '#'. */
export function linkBody(link: string): string {
  const i = link.indexOf('#');
  return (i >= 0 ? link.slice(i + 1) : link).trim();
}

export function encodeTourStep(step: TourStep): string {
  if ('scene' in step) return `s.${step.scene}`;
  return `l.${toBase64Url(`${step.title.replace(/\n/g, ' ')}\n${linkBody(step.hash)}`)}`;
}

export function encodeTour(steps: readonly TourStep[]): string {
  return steps.map(encodeTourStep).join(',');
}

export function decodeTour(raw: string, warnings: string[]): TourStep[] {
  const steps: TourStep[] = [];
  if (raw.trim() === '') return steps;
  for (const part of raw.split(',')) {
    if (steps.length >= MAX_TOUR_STEPS) {
      warnings.push(`A tour has at most ${MAX_TOUR_STEPS} steps; the rest was ignored.`);
      break;
    }
    if (part.startsWith('s.') && sceneById(part.slice(2))) {
      steps.push({ scene: part.slice(2) });
      continue;
    }
    if (part.startsWith('l.')) {
      const text = fromBase64Url(part.slice(2));
      const nl = text?.indexOf('\n') ?? -1;
      if (text && nl >= 0) {
        steps.push({ title: text.slice(0, nl), hash: text.slice(nl + 1) });
        continue;
      }
    }
    warnings.push(`Tour step "${part.length > 24 ? part.slice(0, 24) + '…' : part}" could not be read; it was skipped.`);
  }
  return steps;
}

/** Title and link body of a step. */
export function stepInfo(step: TourStep): { title: string; hash: string; text?: string } {
  if ('scene' in step) {
    const s = sceneById(step.scene);
    return s ? { title: s.title, hash: sceneHash(s), text: s.text } : { title: step.scene, hash: '' };
  }
  return { title: step.title, hash: step.hash };
}
