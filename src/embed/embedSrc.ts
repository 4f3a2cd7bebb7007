/** The address of an embedded lab (src/embed/element.ts), kept apart from the element so it can be tested without a DOM. */

/** The iframe's address: the lab with the state's keys, embed=1, and show= the panel when one is given. */
export function embedSrc(base: string, state: string, panel: string | null): string {
  const keys = new URLSearchParams(state.replace(/^#/, ''));
  keys.set('embed', '1');
  if (panel) keys.set('show', panel);
  if (!keys.has('v')) keys.set('v', '1');
  // the lab reads commas in lists as they are
  return `${base.split('#')[0]}#${keys.toString().replace(/%2C/gi, ',')}`;
}
