/**
 * What the browser scripts (bench/browser-drag.ts, bench/soak.ts) share: the
 * built app served from a local port, and Debian's Chromium through
 * playwright-core (no browser download works here; CHROMIUM_PATH overrides).
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.webmanifest': 'application/manifest+json' };

/** Serve the build in `root` (index.html for unknown paths); exits with a message if there is none. */
export async function serveBuild(root: string): Promise<{ base: string; close: () => void }> {
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`error: no build in ${root} — run \`npm run build\` first (or pass --dist DIR)`);
    process.exit(2);
  }
  const server = http.createServer((q, r) => {
    let f = path.join(root, decodeURIComponent(new URL(q.url ?? '/', 'http://x').pathname));
    if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) f = path.join(root, 'index.html');
    r.writeHead(200, { 'content-type': TYPES[path.extname(f)] ?? 'application/octet-stream' });
    fs.createReadStream(f).pipe(r);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { base: `http://127.0.0.1:${port}/`, close: () => server.close() };
}

/** Chromium, headless, and its version string. */
export async function launchChromium(): Promise<{ browser: Browser; version: string }> {
  const executablePath = process.env.CHROMIUM_PATH || execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/sh' }).toString().trim();
  let version = 'unknown';
  try {
    version = execSync(`${executablePath} --version`, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    // keep 'unknown'
  }
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return { browser, version };
}
