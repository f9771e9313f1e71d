/** Artifacts: to be built (issue 14). */
export function ArtifactsView() {
  return (
    <section aria-labelledby="artifacts-title">
      <h1 id="artifacts-title">Artifacts</h1>
      <p>This view is not built yet.</p>
    </section>
  );
}
