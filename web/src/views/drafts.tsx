/** Drafts: to be built (issue 14). */
export function DraftsView() {
  return (
    <section aria-labelledby="drafts-title">
      <h1 id="drafts-title">Drafts</h1>
      <p>This view is not built yet.</p>
    </section>
  );
}
