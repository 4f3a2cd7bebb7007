/**
 * "Record sweep": step the diagram parameter (g by default) over the diagram
 * window, wait for each frame's results, rasterize the panel, and encode the
 * frames as a WebM (MediaRecorder on canvas.captureStream(0), one
 * requestFrame per frame). The parameter is restored afterwards.
 *
 * Frames are rendered first (as PNG blobs) and encoded afterwards at a fixed
 * frame rate: the video's timing does not depend on how long each frame took
 * to compute. While frames are rendered the app is in its dragging mode (the
 * quick draft results a slider drag shows: e.g. λ_max only in the spectrum).
 */
import type { SweepParam } from '../../core/models';
import { appStore } from '../../state/store';
import { canvasBlob, panelFigure, rasterize, type Figure } from './figure';

export interface SweepOptions {
  section: HTMLElement;
  param: SweepParam;
  from: number;
  to: number;
  frames: number;
  fps: number;
  signal: AbortSignal;
  onProgress(phase: 'frames' | 'encoding', done: number, total: number): void;
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait until no view is computing (the new frame's results are drawn). */
export async function settle(signal: AbortSignal, timeoutMs = 20_000): Promise<void> {
  await nextFrame();
  await nextFrame();
  const t0 = performance.now();
  while (!signal.aborted && performance.now() - t0 < timeoutMs) {
    const jobs = appStore.getState().jobs;
    if (!Object.values(jobs).some((j) => j.state === 'running')) break;
    await nextFrame();
  }
  // React commits the results and the plots paint them in a layout effect
  await nextFrame();
}

export function webmType(): string | null {
  if (typeof MediaRecorder === 'undefined') return null;
  for (const t of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) if (MediaRecorder.isTypeSupported(t)) return t;
  return null;
}

/** One video frame: the figure scaled to fit (its size may change with the legend's text), on its background. */
async function frameCanvas(fig: Figure, size: { w: number; h: number }): Promise<HTMLCanvasElement> {
  const s = Math.min(size.w / fig.width, size.h / fig.height);
  const img = await rasterize(fig, fig.width * s, fig.height * s);
  if (img.width === size.w && img.height === size.h) return img;
  const c = document.createElement('canvas');
  c.width = size.w;
  c.height = size.h;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = fig.background;
  ctx.fillRect(0, 0, size.w, size.h);
  ctx.drawImage(img, 0, 0);
  return c;
}

/** The WebM, or null when cancelled. */
export async function recordSweep(o: SweepOptions): Promise<Blob | null> {
  const mime = webmType();
  if (!mime) throw new Error('this browser cannot record video (no MediaRecorder for WebM)');
  const store = appStore.getState();
  const original = store.params[o.param];
  const frames: Blob[] = [];
  let size: { w: number; h: number } | null = null;
  store.setDragging(true);
  try {
    for (let i = 0; i < o.frames && !o.signal.aborted; i++) {
      const v = o.from + ((o.to - o.from) * i) / Math.max(1, o.frames - 1);
      appStore.getState().setParams({ [o.param]: v }, { history: 'none' });
      await settle(o.signal);
      if (o.signal.aborted) break;
      const fig = panelFigure(o.section);
      if (!size) {
        // even dimensions (the encoder wants them), about 1280 px wide for a sharp but quick video
        const s = Math.max(1, Math.min(2, 1280 / fig.width));
        size = { w: 2 * Math.round((fig.width * s) / 2), h: 2 * Math.round((fig.height * s) / 2) };
      }
      frames.push(await canvasBlob(await frameCanvas(fig, size)));
      o.onProgress('frames', i + 1, o.frames);
    }
  } finally {
    appStore.getState().setParams({ [o.param]: original }, { history: 'none' });
    appStore.getState().setDragging(false);
  }
  if (o.signal.aborted || !size || !frames.length) return null;
  return encode(frames, size, o, mime);
}

async function encode(frames: Blob[], size: { w: number; h: number }, o: SweepOptions, mime: string): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = size.w;
  canvas.height = size.h;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(0);
  const track = stream.getVideoTracks()[0] as MediaStreamTrack & { requestFrame?: () => void };
  const recorder = new MediaRecorder(stream, { mimeType: mime, videoBitsPerSecond: 6_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size) chunks.push(e.data);
  };
  const stopped = new Promise<void>((r) => (recorder.onstop = () => r()));
  const draw = async (b: Blob) => {
    const bmp = await createImageBitmap(b);
    ctx.drawImage(bmp, 0, 0, size.w, size.h);
    bmp.close();
    track.requestFrame?.();
  };
  // the first frame is on the canvas before recording starts
  await draw(frames[0]);
  recorder.start();
  const dt = 1000 / o.fps;
  for (let i = 0; i < frames.length && !o.signal.aborted; i++) {
    const t0 = performance.now();
    await draw(frames[i]);
    o.onProgress('encoding', i + 1, frames.length);
    await sleep(Math.max(0, dt - (performance.now() - t0)));
  }
  // hold the last frame for one more frame time, then finish
  track.requestFrame?.();
  await sleep(dt);
  recorder.stop();
  await stopped;
  stream.getTracks().forEach((t) => t.stop());
  if (o.signal.aborted) return null;
  return new Blob(chunks, { type: 'video/webm' });
}
