/** Upgrade: to be built (issue 14). */
export function UpgradeView() {
  return (
    <section aria-labelledby="upgrade-title">
      <h1 id="upgrade-title">Upgrade</h1>
      <p>This view is not built yet.</p>
    </section>
  );
}
