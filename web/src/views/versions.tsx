import { graphql } from '../gql';
import { ErrorNotice, Loading } from '../components/status';
import { useQuery } from '../components/use-query';

const VERSIONS = graphql(`
  query ExplorerVersions {
    catalogs {
      version
      title
      status
      createdAt
      publishedAt
      deprecatedAt
      roleCount
      parameterCount
      flowCount
    }
  }
`);

const VERSION = graphql(`
  query ExplorerVersion($version: String!) {
    catalog(version: $version) {
      version
      title
      status
      notes
      roles {
        key
        name
        kind
        includes
        description
      }
      parameters {
        name
        type
        values
        default
        description
      }
    }
    artifact(catalog: $version, format: "svg") {
      content
    }
  }
`);

/** Every catalog version; with `version` in the path, that version's roles, parameters and role graph. */
export function VersionsView({ version }: { version?: string }) {
  return version === undefined ? <VersionList /> : <VersionDetail version={decodeURIComponent(version)} />;
}

function VersionList() {
  const { data, error, loading } = useQuery(VERSIONS, {});
  return (
    <section aria-labelledby="versions-title">
      <h1 id="versions-title">Catalog versions</h1>
      {loading && <Loading what="catalog versions" />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <div class="table-wrap">
          <table>
            <caption>Every catalog version, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Published</th>
                <th scope="col">Roles</th>
                <th scope="col">Parameters</th>
                <th scope="col">Flows</th>
              </tr>
            </thead>
            <tbody>
              {data.catalogs.map((catalog) => (
                <tr key={catalog.version}>
                  <th scope="row">
                    <a href={`/versions/${encodeURIComponent(catalog.version)}`}>{catalog.version}</a>
                  </th>
                  <td>
                    <span class={`badge status-${catalog.status}`}>{catalog.status}</span>
                  </td>
                  <td>{formatDate(catalog.publishedAt ?? null)}</td>
                  <td>{catalog.roleCount}</td>
                  <td>{catalog.parameterCount}</td>
                  <td>{catalog.flowCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function VersionDetail({ version }: { version: string }) {
  const { data, error, loading } = useQuery(VERSION, { version });
  const catalog = data?.catalog;
  return (
    <section aria-labelledby="version-title">
      <p>
        <a href="/versions">All versions</a>
      </p>
      <h1 id="version-title">Catalog {version}</h1>
      {loading && <Loading what={`catalog ${version}`} />}
      {error && <ErrorNotice error={error} />}
      {catalog && (
        <>
          <p>
            {catalog.title} — <span class={`badge status-${catalog.status}`}>{catalog.status}</span>
          </p>
          <h2>Roles</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Includes</th>
                </tr>
              </thead>
              <tbody>
                {catalog.roles.map((role) => (
                  <tr key={role.key}>
                    <th scope="row">{role.key}</th>
                    <td>{role.name}</td>
                    <td>{role.kind}</td>
                    <td>{role.includes.join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Parameters</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Parameter</th>
                  <th scope="col">Type</th>
                  <th scope="col">Values</th>
                  <th scope="col">Default</th>
                </tr>
              </thead>
              <tbody>
                {catalog.parameters.map((parameter) => (
                  <tr key={parameter.name}>
                    <th scope="row">{parameter.name}</th>
                    <td>{parameter.type}</td>
                    <td>{parameter.values.join(', ') || '—'}</td>
                    <td>{String(parameter.default ?? '—')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Role graph</h2>
          {data?.artifact && (
            <figure class="graph">
              <img
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(data.artifact.content)}`}
                alt={`Graph of the roles of catalog ${version} and the flows between them`}
              />
            </figure>
          )}
        </>
      )}
    </section>
  );
}

export function formatDate(value: string | null): string {
  return value === null ? '—' : new Date(value).toISOString().slice(0, 10);
}
