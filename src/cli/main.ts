/**
 * Headless CLI: `npm run cli -- <quantity> --url '<link or #hash>' [options]`.
 * See docs/cli.md. `main` is pure apart from its io object, so tests call it
 * directly; the runner at the bottom only runs when this file is the entry point.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { USAGE, UsageError, parseArgs } from './args';
import { oneLine } from '../core/format';
import { compute } from './computeQuantity';
import { mergeFiles } from './merge';
import { toCsv, toJson } from './outputFormats';
import { InputError, resolveState } from './state';
import { loadKernelsNode } from '../../wasm/node';

export interface CliIo {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Read a text file; throws if it cannot be read. */
  readFile(path: string): string;
  /** Read a file's bytes (a .safetensors weight file); throws if it cannot be read. Default: readFile's text as UTF-8. */
  readBytes?(path: string): Uint8Array;
}

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_USAGE = 2;

/** Run the CLI; returns the exit code. Writes one document to stdout, or nothing on error. */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (args.quantity === 'merge') {
      const merged = mergeFiles(args.files, io.readFile);
      io.stdout(args.format === 'csv' ? toCsv(merged) : toJson(merged));
      return EXIT_OK;
    }
    const readBytes = io.readBytes ?? ((path: string) => new TextEncoder().encode(io.readFile(path)));
    const state = resolveState(args.url, args.weights, readBytes, args.module);
    const out = compute(args, state, (line) => io.stderr(`${line}\n`));
    // Warnings only once the run is known to succeed: an error leaves one line on stderr.
    for (const w of state.warnings) io.stderr(`warning: ${oneLine(w, 500)}\n`);
    io.stdout(args.format === 'csv' ? toCsv(out) : toJson(out));
    return EXIT_OK;
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.stderr(`error: ${oneLine(e.message, 500)}\n`);
      return EXIT_USAGE;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr(`error: internal error: ${oneLine(msg, 500)}\n`);
    return EXIT_INTERNAL;
  }
}

export const nodeIo: CliIo = {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  readFile: (path) => readFileSync(path, 'utf8'),
  readBytes: (path) => new Uint8Array(readFileSync(path)),
};

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // A closed pipe (`… | head`) is not an error of the run.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  // the WebAssembly SIMD kernels when the engine has them (same numbers as the JavaScript kernels, faster)
  void loadKernelsNode().then(() => {
    process.exitCode = main(process.argv.slice(2), nodeIo);
  });
}
