/** " ± 0.0042" after a value: its standard error (batch means over the run), quieter than the value; nothing while it is unknown. */
import { fmt } from './format';

export function StdErr(props: { value: number | null | undefined; testId?: string }) {
  const v = props.value;
  if (v == null || !Number.isFinite(v)) return null;
  return (
    <span className="readout-se" data-testid={props.testId} title="standard error by batch means over the run">
      {' '}
      ± {fmt(v, 2)}
    </span>
  );
}
