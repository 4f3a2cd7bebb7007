/**
 * The export menu in a panel's top-right corner: PNG (2× and slide), SVG,
 * CSV, JSON with the reproducibility record, Python, and a WebM of a sweep.
 *
 * A menu button (aria-haspopup) opens a popup rendered into <body> (panels
 * clip their content: `contain: paint`); arrow keys move between items,
 * Escape closes and gives the focus back to the button. Messages and the
 * recording's progress (with Cancel) appear in a small status box.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import type { PanelId } from '../../params/spec';
import { useApp } from '../../state/store';
import type { PanelExport } from './types';
import { copyPython, savePng2x, savePython, saveCsv, saveJson, saveSlide, saveSvg, saveSweep, sweepTarget, type ExportTarget } from './actions';
import { webmType } from './sweepRecorder';
import './export.css';

interface Item {
  key: string;
  label: string;
  run: () => Promise<string | null | void> | string | void;
  group: 'figure' | 'data' | 'code' | 'video';
}

interface Status {
  text: string;
  error?: boolean;
  /** A running recording: progress and how to stop it. */
  progress?: number;
  cancel?: () => void;
}

/** Only one recording at a time (it drives the shared state). */
let recording = false;

export function PanelTools({ id, exportData }: { id: PanelId; exportData?: PanelExport }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<Status | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const sweepParam = useApp((s) => s.params.bp);
  const [name, setName] = useState<string>(id);
  // the accessible name follows the panel's title ("Orbit diagram over g" …)
  useLayoutEffect(() => {
    const update = () => setName(panelName(button) ?? id);
    update();
    const h = button.current?.closest('[data-panel]')?.querySelector('h2');
    if (!h) return;
    const mo = new MutationObserver(update);
    mo.observe(h, { subtree: true, childList: true, characterData: true });
    return () => mo.disconnect();
  }, [id]);

  const target = useCallback((): ExportTarget | null => {
    const section = button.current?.closest<HTMLElement>('[data-panel]');
    return section ? { id, section, data: exportData } : null;
  }, [id, exportData]);

  const say = useCallback((text: string, error = false) => {
    setStatus({ text, error });
  }, []);

  // a plain message disappears after a while; progress stays until the end
  useEffect(() => {
    if (!status || status.cancel) return;
    const t = setTimeout(() => setStatus(null), status.error ? 9000 : 4000);
    return () => clearTimeout(t);
  }, [status]);

  const items = useCallback((): Item[] => {
    const list: Item[] = [];
    const t = () => target()!;
    const hasPlot = !!button.current?.closest('[data-panel]')?.querySelector('.plot');
    list.push({ key: 'png', group: 'figure', label: hasPlot ? 'PNG, 2× screen size' : 'PNG of the panel, 2×', run: async () => `Saved ${await savePng2x(t())}` });
    list.push({ key: 'slide', group: 'figure', label: 'PNG slide, 1920 × 1080', run: async () => `Saved ${await saveSlide(t())}` });
    list.push({ key: 'svg', group: 'figure', label: 'SVG (vector)', run: () => `Saved ${saveSvg(t())}` });
    if (exportData) {
      const names = exportData.tableNames?.() ?? exportData.tables().map((x) => x.name);
      list.push({ key: 'csv', group: 'data', label: names.length > 1 ? `CSV, all ${names.length} tables` : 'CSV of the data', run: () => `Saved ${saveCsv(t())}` });
      if (names.length > 1) for (const n of names) list.push({ key: `csv:${n}`, group: 'data', label: `CSV: ${n}`, run: () => `Saved ${saveCsv(t(), n)}` });
      list.push({ key: 'json', group: 'data', label: 'JSON: data + reproducibility record', run: () => `Saved ${saveJson(t())}` });
      if (exportData.python) {
        list.push({
          key: 'python',
          group: 'code',
          label: 'Copy as Python (numpy)',
          run: async () => {
            await copyPython(t());
            return 'Python script copied to the clipboard';
          },
        });
        list.push({ key: 'python-file', group: 'code', label: 'Download Python (.py)', run: async () => `Saved ${await savePython(t())}` });
      }
    }
    if (hasPlot && webmType()) {
      list.push({
        key: 'webm',
        group: 'video',
        label: `Record ${sweepTarget().label} sweep (WebM)`,
        run: async () => {
          if (recording) return 'A recording is already running';
          recording = true;
          const ctl = new AbortController();
          const cancel = () => ctl.abort();
          setStatus({ text: 'Recording…', progress: 0, cancel });
          try {
            const name = await saveSweep(t(), ctl.signal, (text, progress) => setStatus({ text, progress, cancel }));
            return name ? `Saved ${name}` : 'Recording cancelled';
          } finally {
            recording = false;
          }
        },
      });
    }
    return list;
    // sweepParam: the WebM label names the swept parameter, which sweepTarget() reads from the store
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [exportData, target, sweepParam]);

  const run = async (item: Item) => {
    setOpen(false);
    button.current?.focus();
    try {
      const msg = await item.run();
      if (msg) say(msg);
    } catch (e) {
      say(`Export failed: ${e instanceof Error ? e.message : String(e)}`, true);
    }
  };

  return (
    <div className="export-tools">
      <button
        ref={button}
        type="button"
        className="export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Export ${name}`}
        title="Export: PNG, SVG, CSV, JSON, Python, video"
        data-testid={`export-${id}`}
        onClick={() => setOpen((o) => !o)}
      >
        ⤓
      </button>
      {open && <Menu id={menuId} anchor={button} items={items()} onRun={run} onClose={() => setOpen(false)} />}
      {status && <StatusBox status={status} onClose={() => setStatus(null)} />}
    </div>
  );
}

/** The panel's visible title, for the button's accessible name. */
function panelName(button: RefObject<HTMLButtonElement | null>): string | null {
  const section = button.current?.closest('[data-panel]');
  const h = section?.querySelector('h2');
  return (h?.textContent ?? section?.getAttribute('aria-label') ?? '').trim() || null;
}

function Menu(props: { id: string; anchor: RefObject<HTMLButtonElement | null>; items: Item[]; onRun(i: Item): void; onClose(): void }) {
  const { anchor, onClose } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  useLayoutEffect(() => {
    const a = anchor.current?.getBoundingClientRect();
    const m = ref.current?.getBoundingClientRect();
    if (!a || !m) return;
    const left = Math.max(4, Math.min(window.innerWidth - m.width - 4, a.right - m.width));
    const below = a.bottom + 4;
    const top = below + m.height > window.innerHeight - 4 ? Math.max(4, a.top - m.height - 4) : below;
    setPos({ left, top });
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [anchor]);

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node) && !anchor.current?.contains(e.target as Node)) onClose();
    };
    const onScroll = (e: Event) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onDown, true);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onClose);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onClose);
    };
  }, [anchor, onClose]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const els = Array.from(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
    const i = els.indexOf(document.activeElement as HTMLButtonElement);
    const go = (j: number) => els[(j + els.length) % els.length]?.focus();
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      anchor.current?.focus();
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      go(i + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      go(i - 1);
    } else if (e.key === 'Home') {
      e.preventDefault();
      go(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      go(els.length - 1);
    } else if (e.key === 'Tab') {
      onClose();
    }
  };

  let lastGroup = '';
  return createPortal(
    <div
      ref={ref}
      id={props.id}
      className="export-menu"
      role="menu"
      aria-label="Export"
      style={pos ? { left: pos.left, top: pos.top } : { left: -9999, top: 0 }}
      onKeyDown={onKey}
    >
      {props.items.map((it) => {
        const sep = lastGroup !== '' && it.group !== lastGroup;
        lastGroup = it.group;
        return (
          <button key={it.key} type="button" role="menuitem" tabIndex={-1} className={sep ? 'sep' : undefined} data-export={it.key} onClick={() => props.onRun(it)}>
            {it.label}
          </button>
        );
      })}
    </div>,
    document.body,
  );
}

function StatusBox({ status, onClose }: { status: Status; onClose(): void }) {
  return createPortal(
    <div className={`export-status${status.error ? ' error' : ''}`} role="status" aria-live="polite" data-testid="export-status">
      <span>{status.text}</span>
      {status.progress !== undefined && <progress max={1} value={status.progress} aria-label="Recording progress" />}
      {status.cancel ? (
        <button type="button" className="small" onClick={status.cancel} data-testid="export-cancel">
          Cancel
        </button>
      ) : (
        <button type="button" className="small" aria-label="Dismiss" onClick={onClose}>
          ×
        </button>
      )}
    </div>,
    document.body,
  );
}
