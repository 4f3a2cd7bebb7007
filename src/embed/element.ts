/**
 * <rnn-chaos-lab>: one tag that embeds a panel of the lab in any page, an
 * Observable notebook or a Jupyter cell (docs/embed.md). Built with the app
 * as `rnn-chaos-lab.js` next to its index.html (vite.config.ts), and kept free
 * of the app's code: it only creates the iframe (embed=1) and forwards the
 * embed API (src/app/embedApi.ts).
 *
 *   <script type="module" src="https://…/rnn-chaos-lab.js"></script>
 *   <rnn-chaos-lab state="#v=1&model=logistic&r=3.9" panel="cobweb"></rnn-chaos-lab>
 *
 * Attributes: state (a link's hash), panel (one or more panel ids, comma
 * separated: the link's `show`), height (CSS, default 360px), src (the lab's
 * address; default: where this module was loaded from).
 * Properties: state (get: the lab's current canonical hash; set: validated
 * and applied like a link), values (what the shown panels report).
 * Methods: set(hash) and get(), each a Promise of the lab's answer.
 * Events: `state` and `result`, with the lab's message as `detail`.
 */
import { embedSrc } from './embedSrc';

const PREFIX = 'rnn-chaos-lab:';

interface LabMessage {
  type: string;
  hash?: string;
  warnings?: string[];
  values?: Record<string, unknown>;
  id?: unknown;
}

export class RnnChaosLabElement extends HTMLElement {
  static observedAttributes = ['state', 'panel', 'height', 'src'];

  private frame: HTMLIFrameElement | null = null;
  private loaded = false;
  private current: string | null = null;
  private shown: Record<string, unknown> = {};
  private seq = 0;
  private readonly waiting = new Map<number, (m: LabMessage) => void>();
  private readonly onMessage = (e: MessageEvent) => {
    if (!this.frame || e.source !== this.frame.contentWindow) return;
    const m = e.data as LabMessage;
    if (typeof m !== 'object' || m === null || typeof m.type !== 'string' || !m.type.startsWith(PREFIX)) return;
    this.loaded = true;
    if (typeof m.hash === 'string') this.current = m.hash;
    if (m.values) this.shown = m.values;
    const resolve = typeof m.id === 'number' ? this.waiting.get(m.id) : undefined;
    if (resolve) {
      this.waiting.delete(m.id as number);
      resolve(m);
    }
    const kind = m.type.slice(PREFIX.length);
    if (kind === 'state' || kind === 'result') this.dispatchEvent(new CustomEvent(kind, { detail: m }));
  };

  connectedCallback(): void {
    window.addEventListener('message', this.onMessage);
    if (this.frame) return;
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = ':host{display:block;height:var(--rnn-chaos-lab-height,360px);min-height:200px;min-width:320px}iframe{width:100%;height:100%;border:0;display:block}';
    root.append(style);
    this.frame = document.createElement('iframe');
    this.frame.title = this.getAttribute('title') ?? 'RNN Chaos Lab';
    this.frame.allow = 'fullscreen';
    this.frame.loading = 'lazy';
    root.append(this.frame);
    this.applyHeight();
    this.load();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.onMessage);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (!this.frame || old === value) return;
    if (name === 'height') this.applyHeight();
    // a new state goes through the API (the lab keeps running); a new panel or address reloads the frame
    else if (name === 'state' && this.loaded && value !== null) void this.set(value);
    else this.load();
  }

  /** The lab's current state (its canonical hash), or the attribute before the lab answered. */
  get state(): string {
    return this.current ?? this.getAttribute('state') ?? '';
  }

  set state(hash: string) {
    this.setAttribute('state', hash);
  }

  /** The values the shown panels reported last (the readouts). */
  get values(): Record<string, unknown> {
    return this.shown;
  }

  /** Set the lab's state as a link would; resolves with its answer (canonical hash and warnings). */
  set(hash: string): Promise<LabMessage> {
    return this.request({ type: `${PREFIX}set`, hash });
  }

  /** Ask for the state and the values shown. */
  get(): Promise<LabMessage> {
    return this.request({ type: `${PREFIX}get` });
  }

  private request(m: LabMessage): Promise<LabMessage> {
    const id = ++this.seq;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.frame?.contentWindow?.postMessage({ ...m, id }, '*');
    });
  }

  private applyHeight(): void {
    const h = this.getAttribute('height');
    if (h) this.style.setProperty('--rnn-chaos-lab-height', /^\d+$/.test(h) ? `${h}px` : h);
  }

  private load(): void {
    if (!this.frame) return;
    this.loaded = false;
    const base = this.getAttribute('src') ?? new URL('./', import.meta.url).href;
    this.frame.src = embedSrc(base, this.getAttribute('state') ?? '', this.getAttribute('panel'));
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('rnn-chaos-lab')) customElements.define('rnn-chaos-lab', RnnChaosLabElement);
