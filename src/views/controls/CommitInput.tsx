/**
 * A text box that keeps what is being typed until it is committed (on blur or
 * Enter), and otherwise shows the current value: the number boxes beside the
 * sliders and the typed lists (widths, τ values) all behave this way.
 */
import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onBlur' | 'onFocus' | 'onKeyDown'> & {
  /** The value shown while the box is not being edited. */
  value: string;
  /** Commit the typed text; returns the text to show from now on (e.g. normalised), or the value. */
  onCommit(text: string): string;
};

export function CommitInput({ value, onCommit, ...rest }: Props) {
  const [text, setText] = useState(value);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setText(value);
  }, [value]);
  const commit = () => setText(onCommit(text));
  return (
    <input
      {...rest}
      type="text"
      value={text}
      onFocus={() => (focused.current = true)}
      onBlur={() => {
        focused.current = false;
        commit();
      }}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
