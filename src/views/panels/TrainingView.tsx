/** Training lab (placeholder until it lands). */
export function TrainingView() {
  return (
    <section className="panel">
      <p>Training lab: coming.</p>
    </section>
  );
}
