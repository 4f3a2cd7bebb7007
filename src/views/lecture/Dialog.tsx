/**
 * A modal dialog on the native <dialog> element: the browser supplies the
 * focus trap, Escape, the backdrop and the top layer; we add a heading and a
 * close button.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function Dialog(props: { open: boolean; onClose: () => void; title: string; className?: string; testId?: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { open, onClose } = props;
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const onCancel = (e: Event) => {
      e.preventDefault();
      onClose();
    };
    d.addEventListener('cancel', onCancel);
    return () => d.removeEventListener('cancel', onCancel);
  }, [onClose]);
  const headingId = `${props.testId ?? 'dialog'}-heading`;
  return (
    <dialog
      ref={ref}
      className={`dialog ${props.className ?? ''}`.trim()}
      aria-labelledby={headingId}
      data-testid={props.testId}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose(); // a click on the backdrop
      }}
    >
      {open && (
        <div className="dialog-body">
          <header className="dialog-head">
            <h2 id={headingId}>{props.title}</h2>
            <button type="button" className="small" onClick={onClose} aria-label="Close">
              ✕
            </button>
          </header>
          {props.children}
        </div>
      )}
    </dialog>
  );
}
