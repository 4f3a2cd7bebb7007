/**
 * About the lab: the two source papers in full, the algorithms it runs (one
 * line each, with a reference), the version, the licenses and how to cite.
 * A modal <dialog> (focus trap, Escape and the backdrop come with it).
 */
import { useState } from 'react';
import { ALGORITHMS, LIBRARIES, PAPERS_BIBTEX, SOURCE_PAPERS, labBibtex } from '../../lecture/references';
import { APP_NAME, APP_VERSION } from '../../export/version';
import { Dialog } from './Dialog';
import './about.css';

/** The page's address without the state (a citation names the app, not one view). */
function appUrl(): string {
  return location.href.split('#')[0];
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 1500);
    } catch {
      window.prompt('Copy this:', text); // clipboard blocked (http, permissions)
    }
  };
  return (
    <button type="button" className="small" onClick={copy}>
      {done ? 'Copied' : label}
    </button>
  );
}

function Papers() {
  return (
    <section aria-labelledby="about-papers">
      <h3 id="about-papers">The two papers</h3>
      <ul className="about-papers">
        {SOURCE_PAPERS.map((p) => (
          <li key={p.tag}>
            <p className="about-citation">
              <strong>{p.tag}.</strong> {p.authors}. <cite>{p.title}</cite>. {p.venue}.{' '}
              {p.links.map((l, i) => (
                <span key={l.href}>
                  {i > 0 && ' · '}
                  <a href={l.href} target="_blank" rel="noopener noreferrer">
                    {l.label}
                  </a>
                </span>
              ))}
            </p>
            <p className="about-note">{p.about}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Algorithms() {
  return (
    <section aria-labelledby="about-algorithms">
      <h3 id="about-algorithms">What is computed, and how</h3>
      <dl className="about-algorithms">
        {ALGORITHMS.map((a) => (
          <div key={a.name}>
            <dt>{a.name}</dt>
            <dd>
              {a.what} <span className="about-ref">{a.ref}</span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="about-note">Everything runs in your browser (Web Workers); the command-line tool computes the same numbers with the same code (docs/cli.md).</p>
    </section>
  );
}

function Cite() {
  const year = new Date().getFullYear();
  const bib = `${labBibtex(APP_VERSION, appUrl(), year)}\n${PAPERS_BIBTEX}`;
  return (
    <section aria-labelledby="about-cite">
      <h3 id="about-cite">How to cite</h3>
      <p>
        Cite the two papers for the science, and the lab with its version and the link of the view you show (every state is a link, and the same link gives the same numbers
        on every device):
      </p>
      <pre className="about-bibtex" tabIndex={0} aria-label="BibTeX">
        {bib}
      </pre>
      <CopyButton text={bib} label="Copy BibTeX" />
    </section>
  );
}

export function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title={`About ${APP_NAME}`} className="about-dialog" testId="about-dialog">
      <p className="about-lead">
        See recurrent networks go from order to chaos, and share exactly what you see. Version <span data-testid="about-version">{APP_VERSION}</span>.
      </p>
      <Papers />
      <Algorithms />
      <Cite />
      <section aria-labelledby="about-license">
        <h3 id="about-license">Licenses</h3>
        <p>
          The lab is built on open-source libraries:{' '}
          {LIBRARIES.map((l, i) => (
            <span key={l.name}>
              {i > 0 && ', '}
              {l.name} ({l.license})
            </span>
          ))}
          . The papers’ code was read, not copied; the lab re-implements every method.
        </p>
      </section>
    </Dialog>
  );
}
