import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { KeyForm } from './components/key-form';
import { VIEWS } from './views';
import { NotFoundView } from './views/not-found';

/**
 * The explorer: a header with the views and the API key, and the view the URL names. Each
 * view keeps its whole state in the URL's query, so a URL can be shared.
 */
export function App() {
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top">
        <p class="brand">
          <a href="/">Network requirements</a>
        </p>
        <Nav />
        <KeyForm />
      </header>
      <main id="main" tabIndex={-1}>
        <Router>
          {[
            ...VIEWS.flatMap((view) =>
              view.paths.map((path) => <Route key={path} path={path} component={view.component} />),
            ),
            <Route key="default" default component={NotFoundView} />,
          ]}
        </Router>
      </main>
    </LocationProvider>
  );
}

function Nav() {
  const { path } = useLocation();
  return (
    <nav aria-label="Views">
      <ul>
        {VIEWS.map((view) => {
          const current = view.paths.some((candidate) => matches(candidate, path));
          return (
            <li key={view.paths[0]}>
              <a href={view.paths[0]} aria-current={current ? 'page' : undefined}>
                {view.title}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function matches(pattern: string, path: string): boolean {
  const base = pattern.split('/:')[0];
  return base === '/' ? path === '/' : path === base || path.startsWith(`${base}/`);
}
