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
  // typed and not yet committed: only then does the box keep its own text
  // when the value changes (a commit's own new value must show at once, or a
  // later blur would commit the old text again)
  const dirty = useRef(false);
  useEffect(() => {
    if (!dirty.current) setText(value);
  }, [value]);
  const commit = () => {
    if (!dirty.current) return; // nothing typed: the box shows the value already
    dirty.current = false;
    setText(onCommit(text));
  };
  return (
    <input
      {...rest}
      type="text"
      value={text}
      onBlur={commit}
      onChange={(e) => {
        dirty.current = true;
        setText(e.target.value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
