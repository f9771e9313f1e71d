export function NotFoundView() {
  return (
    <section aria-labelledby="not-found">
      <h1 id="not-found">Not found</h1>
      <p>
        There is no page here. <a href="/">Go to the catalog versions</a>.
      </p>
    </section>
  );
}
