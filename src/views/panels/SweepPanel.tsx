/** P8 Chaos-probability sweep (placeholder; see issue #3). */
export function SweepPanel() {
  return (
    <section className="panel" aria-labelledby="sweep-title">
      <header>
        <h2 id="sweep-title">Chaos probability</h2>
      </header>
    </section>
  );
}
