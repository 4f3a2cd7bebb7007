/** Gradient meter (placeholder until it lands). */
export function GradientView() {
  return (
    <section className="panel">
      <p>Gradient meter: coming.</p>
    </section>
  );
}
