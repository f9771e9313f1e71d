/** Profiles: to be built (issue 14). */
export function ProfilesView() {
  return (
    <section aria-labelledby="profiles-title">
      <h1 id="profiles-title">Profiles</h1>
      <p>This view is not built yet.</p>
    </section>
  );
}
