/** The CLI run in-process for the unit tests (src/cli/main.ts `main` with a captured io). */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { main, type CliIo } from '../../../src/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stderr lines. */
  errLines: string[];
}

/**
 * Run the CLI; `files` is a virtual file system (weights, merge's parts); with
 * `realAbsolute` an absolute path outside it is read from disk.
 */
export function runCli(argv: string[], files: Record<string, string | Uint8Array> = {}, realAbsolute = false): CliRun {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readFile: (path) => {
      if (path in files) {
        const f = files[path];
        return typeof f === 'string' ? f : new TextDecoder().decode(f);
      }
      if (realAbsolute && path.startsWith('/')) return readFileSync(path, 'utf8');
      throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    },
    readBytes: (path) => {
      if (path in files) {
        const f = files[path];
        return typeof f === 'string' ? new TextEncoder().encode(f) : f;
      }
      if (realAbsolute && path.startsWith('/')) return new Uint8Array(readFileSync(path));
      throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    },
  };
  const code = main(argv, io);
  return { code, out, err, errLines: err.split('\n').filter((l) => l !== '') };
}

/** One JSON document on stdout from a successful run. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function cliJson(run: CliRun): any {
  expect(run.code, run.err).toBe(0);
  expect(run.out.endsWith('\n')).toBe(true);
  expect(run.out.trim().split('\n')).toHaveLength(1); // one document
  return JSON.parse(run.out);
}
