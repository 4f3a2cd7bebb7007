/**
 * A typed list of whole numbers ("2, 8, 32, 128") for a parameter with a
 * `list` in the parameter table: its bounds, cap and names come from there.
 */
import { useId, useState } from 'react';
import { PARAM_SPECS, type IntListSpec, type ParamKey } from '../../params/spec';
import { appStore, useApp } from '../../state/store';
import { CommitInput } from './CommitInput';

/** Parse a typed list against its spec: the sorted distinct values, or the message. */
export function parseList(text: string, spec: IntListSpec): number[] | string {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  const cap = spec.list;
  if (!parts.length) return `Give at least one ${cap?.item ?? 'value'}.`;
  const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < spec.min || Number(p) > spec.max);
  if (bad !== undefined) return `“${bad.slice(0, 12)}” is not a whole number in ${spec.min} … ${spec.max}.`;
  const list = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (cap && list.length > cap.max) return `At most ${cap.max} ${cap.items}.`;
  return list;
}

export function ListInput({ k, label, note, testId, className, format = (l) => l.join(', ') }: { k: ParamKey; label: string; note?: string; testId: string; className: string; format?: (list: number[]) => string }) {
  const spec = PARAM_SPECS[k] as IntListSpec;
  const value = useApp((s) => s.params[k] as number[]);
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const commit = (text: string): string => {
    const list = parseList(text, spec);
    if (typeof list === 'string') {
      setError(list);
      return text;
    }
    setError(null);
    if (list.join() !== value.join()) appStore.getState().setParam(k, list, { history: 'push' });
    return format(list);
  };
  return (
    <div className={`control ${className}`} title={spec.help}>
      <label htmlFor={id}>
        {label}
        <CommitInput
          id={id}
          className="num"
          inputMode="numeric"
          data-testid={testId}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : undefined}
          value={format(value)}
          onCommit={commit}
        />
      </label>
      {error ? (
        <span className="field-error" id={`${id}-err`} role="alert">
          {error}
        </span>
      ) : note ? (
        <span className="field-note">{note}</span>
      ) : null}
    </div>
  );
}
