/** Flows: to be built (issue 14). */
export function FlowsView() {
  return (
    <section aria-labelledby="flows-title">
      <h1 id="flows-title">Flows</h1>
      <p>This view is not built yet.</p>
    </section>
  );
}
