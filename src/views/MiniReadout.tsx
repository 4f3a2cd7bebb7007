/** A small labelled value with an optional note: the readouts of the spectrum, gradient and training views. */
import type { ReactNode } from 'react';
import { StdErr } from './StdErr';

export function MiniReadout(props: { label: ReactNode; value: string; stderr?: number | null; note?: ReactNode; cls?: string; testId?: string }) {
  return (
    <div className="mini-readout">
      <span className="readout-label">{props.label}</span>
      <span className="mini-line">
        <span className={`mini-value ${props.cls ?? ''}`} data-testid={props.testId}>
          {props.value}
        </span>
        <StdErr value={props.stderr} testId={props.testId ? `${props.testId}-stderr` : undefined} />
      </span>
      {props.note && <span className="readout-note">{props.note}</span>}
    </div>
  );
}
