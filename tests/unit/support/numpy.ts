/** Whether python3 with numpy can run the exported scripts here (a reason when not). */
import { spawnSync } from 'node:child_process';

export function numpyMissing(): string | null {
  const r = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  if (r.error) return `python3 is not available (${r.error.message})`;
  if (r.status !== 0) return `numpy is not importable by python3: ${r.stderr.trim().split('\n').pop()}`;
  return null;
}
