/** P9 eigenvalues (placeholder until the eigen view lands). */
export function EigenView() {
  return (
    <section className="panel">
      <p>Eigenvalues: coming.</p>
    </section>
  );
}
