/** Matrix: to be built (issue 14). */
export function MatrixView() {
  return (
    <section aria-labelledby="matrix-title">
      <h1 id="matrix-title">Matrix</h1>
      <p>This view is not built yet.</p>
    </section>
  );
}
