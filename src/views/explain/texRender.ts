/**
 * TeX → HTML by KaTeX (with MathML for screen readers), loaded as its own
 * chunk so that the first paint does not wait for it.
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';

const rendered = new Map<string, string>();

/** The HTML of a line of TeX, cached: the strings are fixed. */
export function texHtml(tex: string): string {
  let html = rendered.get(tex);
  if (html === undefined) {
    html = katex.renderToString(tex, { throwOnError: false, output: 'htmlAndMathml' });
    rendered.set(tex, html);
  }
  return html;
}
