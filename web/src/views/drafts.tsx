import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, request } from '../api/client';
import { apiKey } from '../api/key';
import { Field } from '../components/field';
import { ErrorNotice, Loading } from '../components/status';
import { useQuery } from '../components/use-query';
import { useUrlState } from '../components/url-state';
import { graphql } from '../gql';
import type { ExplorerDraftQuery, FlowDefinitionInput } from '../gql/graphql';
import { formatDate } from './versions';

const DRAFTS = graphql(`
  query ExplorerDrafts {
    catalogs {
      version
      title
      status
      parent
      updatedAt
      flowCount
      revision
    }
  }
`);

const DRAFT = graphql(`
  query ExplorerDraft($version: String!) {
    catalog(version: $version) {
      version
      title
      status
      parent
      revision
      roles {
        key
      }
      flowDefinitions {
        key
        section
        source
        destination
        protocol
        ports
        condition
        component
        notes
        revision
      }
    }
    validateCatalog(version: $version) {
      valid
      problems {
        path
        message
      }
      warnings {
        path
        message
      }
    }
  }
`);

const CREATE_DRAFT = graphql(`
  mutation ExplorerCreateDraft($input: NewDraftInput!) {
    createCatalogVersion(input: $input) {
      version
      revision
    }
  }
`);

const UPDATE_FLOW = graphql(`
  mutation ExplorerUpdateFlow($version: String!, $key: String!, $input: FlowDefinitionInput!, $expectedRevision: Int) {
    updateFlow(version: $version, key: $key, input: $input, expectedRevision: $expectedRevision) {
      key
      revision
    }
  }
`);

const PUBLISH = graphql(`
  mutation ExplorerPublish($version: String!, $expectedRevision: Int) {
    publishCatalogVersion(version: $version, expectedRevision: $expectedRevision) {
      version
      status
      revision
    }
  }
`);

type Draft = NonNullable<ExplorerDraftQuery['catalog']>;
type FlowDefinition = Draft['flowDefinitions'][number];

const PROTOCOLS = ['tcp', 'udp', 'tcp/udp', 'ipip'] as const;

/**
 * Drafts: the catalog versions being edited and a "New draft" form; at /drafts/:version a
 * draft's flows, each editable in place (?edit=<key>), its validation, and Publish with the
 * revision that was reviewed. Writing needs an editor key, publishing a publisher key.
 */
export function DraftsView({ version }: { version?: string }) {
  return version === undefined ? <DraftList /> : <DraftDetail version={decodeURIComponent(version)} />;
}

function KeyNeeded({ what }: { what: string }) {
  return apiKey.value ? null : (
    <p class="notice">{what} needs an API key: enter one under “API key” at the top. Until then it is disabled.</p>
  );
}

function DraftList() {
  const { data, error, loading } = useQuery(DRAFTS, {});
  const drafts = data?.catalogs.filter((catalog) => catalog.status === 'draft') ?? [];
  return (
    <section aria-labelledby="drafts-title">
      <h1 id="drafts-title">Drafts</h1>
      {loading && <Loading what="catalog versions" />}
      {error && <ErrorNotice error={error} />}
      {data && drafts.length === 0 && <p>There are no drafts: every catalog version is published.</p>}
      {drafts.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Catalog versions being edited</caption>
            <thead>
              <tr>
                <th scope="col">Draft</th>
                <th scope="col">Title</th>
                <th scope="col">Cloned from</th>
                <th scope="col">Changed</th>
                <th scope="col">Flows</th>
                <th scope="col">Revision</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((draft) => (
                <tr key={draft.version}>
                  <th scope="row">
                    <a href={`/drafts/${encodeURIComponent(draft.version)}`}>{draft.version}</a>
                  </th>
                  <td>{draft.title}</td>
                  <td>{draft.parent ?? '—'}</td>
                  <td>{formatDate(draft.updatedAt)}</td>
                  <td>{draft.flowCount}</td>
                  <td>{draft.revision}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>New draft</h2>
      <NewDraftForm versions={data?.catalogs.map((catalog) => catalog.version) ?? []} />
    </section>
  );
}

function NewDraftForm({ versions }: { versions: readonly string[] }) {
  const { route } = useLocation();
  const [label, setLabel] = useState('');
  const [cloneFrom, setCloneFrom] = useState('latest');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const atLabel = failure?.field === 'version';
  const create = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    try {
      const result = await request(CREATE_DRAFT, {
        input: { version: label.trim(), cloneFrom: cloneFrom === '' ? null : cloneFrom },
      });
      route(`/drafts/${encodeURIComponent(result.createCatalogVersion.version)}`);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
      setSaving(false);
    }
  };
  return (
    <form onSubmit={create} aria-label="New draft">
      <KeyNeeded what="Creating a draft" />
      <fieldset class="plain" disabled={!apiKey.value || saving}>
        <div class="fields">
          <Field id="draft-version" label="Version label" hint="e.g. 1.31.0" error={atLabel ? failure?.message : null}>
            {(props) => (
              <input {...props} required value={label} onInput={(event) => setLabel(event.currentTarget.value)} />
            )}
          </Field>
          <Field id="draft-clone-from" label="Clone from">
            {(props) => (
              <select {...props} value={cloneFrom} onChange={(event) => setCloneFrom(event.currentTarget.value)}>
                <option value="latest">latest published</option>
                {versions.map((version) => (
                  <option key={version} value={version}>
                    {version}
                  </option>
                ))}
                <option value="">nothing (an empty draft)</option>
              </select>
            )}
          </Field>
          <div>
            <button type="submit">Create draft</button>
          </div>
        </div>
        {saving && <Loading what="the new draft" />}
        {failure && !atLabel && <ErrorNotice error={failure} />}
      </fieldset>
    </form>
  );
}

function DraftDetail({ version }: { version: string }) {
  const [query, update] = useUrlState();
  const { data, error, loading, reload } = useQuery(DRAFT, { version });
  const [message, setMessage] = useState<string | null>(null);
  const draft = data?.catalog;
  const report = data?.validateCatalog;
  const editable = draft?.status === 'draft';
  return (
    <section aria-labelledby="draft-title">
      <p>
        <a href="/drafts">All drafts</a>
      </p>
      <h1 id="draft-title">Draft {version}</h1>
      {message && (
        <p class="notice" role="status">
          {message}
        </p>
      )}
      {loading && <Loading what={`draft ${version}`} />}
      {error && <ErrorNotice error={error} />}
      {draft && (
        <>
          <p>
            {draft.title} — <span class={`badge status-${draft.status}`}>{draft.status}</span>, revision{' '}
            <span data-testid="draft-revision">{draft.revision}</span>
            {draft.parent && `, cloned from ${draft.parent}`}
          </p>
          {!editable && (
            <p>
              Catalog {version} is {draft.status}: only a draft can change. <a href={`/versions/${version}`}>See it</a>.
            </p>
          )}
          {report && <Validation report={report} />}
          {editable && (
            <PublishForm
              draft={draft}
              valid={report?.valid ?? false}
              onPublished={(revision) => {
                setMessage(`Published ${version} at revision ${revision}.`);
                reload();
              }}
            />
          )}
          <h2>Flows</h2>
          {editable && <KeyNeeded what="Editing a flow" />}
          <div class="table-wrap">
            <table class="draft-flows">
              <caption>
                The {draft.flowDefinitions.length} flows of {version}, as the catalog writes them
              </caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Source</th>
                  <th scope="col">Destination</th>
                  <th scope="col">Protocol</th>
                  <th scope="col">Ports</th>
                  <th scope="col">Condition</th>
                  <th scope="col">Component</th>
                  <th scope="col">Notes</th>
                  {editable && <th scope="col">Edit</th>}
                </tr>
              </thead>
              <tbody>
                {draft.flowDefinitions.map((flow) =>
                  editable && query.edit === flow.key ? (
                    <tr key={flow.key} class="editing">
                      <td colSpan={9}>
                        <FlowForm
                          version={version}
                          flow={flow}
                          roles={draft.roles.map((role) => role.key)}
                          onCancel={() => update({ edit: null })}
                          onSaved={(revision) => {
                            setMessage(`Saved flow ${flow.key} (revision ${revision}).`);
                            update({ edit: null });
                            reload();
                          }}
                        />
                      </td>
                    </tr>
                  ) : (
                    <tr key={flow.key}>
                      <th scope="row">{flow.key}</th>
                      <td>{flow.source}</td>
                      <td>{flow.destination}</td>
                      <td>{flow.protocol}</td>
                      <td>{flow.ports || '—'}</td>
                      <td>
                        <code>{flow.condition ?? 'always'}</code>
                      </td>
                      <td>{flow.component}</td>
                      <td>{flow.notes || '—'}</td>
                      {editable && (
                        <td>
                          <button
                            type="button"
                            class="secondary"
                            disabled={!apiKey.value}
                            onClick={() => {
                              setMessage(null);
                              update({ edit: flow.key });
                            }}
                          >
                            Edit<span class="visually-hidden"> flow {flow.key}</span>
                          </button>
                        </td>
                      )}
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function Validation({ report }: { report: NonNullable<ExplorerDraftQuery['validateCatalog']> }) {
  return (
    <section aria-labelledby="validation-title" class="validation">
      <h2 id="validation-title">Validation</h2>
      {report.valid ? (
        <p>
          <span class="badge valid">valid</span> Every rule of an import holds: it can be published.
        </p>
      ) : (
        <>
          <p>
            <span class="badge invalid">invalid</span> {report.problems.length} problem
            {report.problems.length === 1 ? '' : 's'}: fix them before publishing.
          </p>
          <ul>
            {report.problems.map((problem, index) => (
              <li key={index}>
                <code>{problem.path || '/'}</code>: {problem.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.warnings.length > 0 && (
        <>
          <p>Warnings (publishing is allowed):</p>
          <ul>
            {report.warnings.map((warning, index) => (
              <li key={index}>
                <code>{warning.path || '/'}</code>: {warning.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * Publish sends the revision shown (the one reviewed): when the draft changed since it was
 * loaded, the service refuses with PRECONDITION_FAILED and the message says so.
 */
function PublishForm({
  draft,
  valid,
  onPublished,
}: {
  draft: Draft;
  valid: boolean;
  onPublished: (revision: number) => void;
}) {
  const [publishing, setPublishing] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const publish = async (event: Event) => {
    event.preventDefault();
    setPublishing(true);
    setFailure(null);
    try {
      const result = await request(PUBLISH, { version: draft.version, expectedRevision: draft.revision });
      onPublished(result.publishCatalogVersion.revision);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
    } finally {
      setPublishing(false);
    }
  };
  return (
    <form onSubmit={publish} aria-label={`Publish ${draft.version}`} class="publish">
      <KeyNeeded what="Publishing (a publisher key)" />
      <button type="submit" disabled={!apiKey.value || publishing}>
        Publish {draft.version} at revision {draft.revision}
      </button>
      {!valid && <p class="hint">The service will refuse while the validation above lists problems.</p>}
      {publishing && <Loading what={`publishing ${draft.version}`} />}
      {failure && <ErrorNotice error={failure} />}
    </form>
  );
}

type FlowField = 'source' | 'destination' | 'protocol' | 'ports' | 'condition' | 'component' | 'notes';

/** The control a problem path of the service ("/ports", "/source") belongs to. */
function flowFieldOf(path: string | null): FlowField | null {
  const name = path?.replace(/^\//, '').split('/')[0];
  const fields: readonly string[] = ['source', 'destination', 'protocol', 'ports', 'condition', 'component', 'notes'];
  return name !== undefined && fields.includes(name) ? (name as FlowField) : null;
}

/**
 * One flow edited in place. The whole flow is sent (updateFlow replaces it) with the
 * revision it was loaded at; a problem the service names by path ("/ports") is shown at
 * that control, with every other problem of the answer listed under the form.
 */
function FlowForm({
  version,
  flow,
  roles,
  onCancel,
  onSaved,
}: {
  version: string;
  flow: FlowDefinition;
  roles: readonly string[];
  onCancel: () => void;
  onSaved: (revision: number) => void;
}) {
  const [values, setValues] = useState<Record<FlowField, string>>({
    source: flow.source,
    destination: flow.destination,
    protocol: flow.protocol,
    ports: flow.ports,
    condition: flow.condition ?? '',
    component: flow.component,
    notes: flow.notes,
  });
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const problems = (failure?.details.problems as Array<{ path: string; message: string }> | undefined) ?? [];
  /** The message for each control: the problems of the answer naming it. */
  const errors = new Map<FlowField, string>();
  for (const problem of problems) {
    const field = flowFieldOf(problem.path);
    if (field && !errors.has(field)) errors.set(field, problem.message);
  }
  const fieldOfFailure = flowFieldOf(failure?.field ?? null);
  if (failure && fieldOfFailure && !errors.has(fieldOfFailure)) errors.set(fieldOfFailure, failure.message);
  const unplaced = problems.filter((problem) => flowFieldOf(problem.path) === null);
  const set = (field: FlowField, text: string) => setValues((before) => ({ ...before, [field]: text }));
  const prefix = `flow-${flow.key}`;

  const save = async (event: Event) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    const input: FlowDefinitionInput = {
      key: flow.key,
      section: flow.section,
      source: values.source,
      destination: values.destination,
      protocol: values.protocol,
      ports: values.ports.trim() === '' ? null : values.ports.trim(),
      condition: values.condition.trim() === '' ? null : values.condition.trim(),
      component: values.component,
      notes: values.notes,
    };
    try {
      const result = await request(UPDATE_FLOW, { version, key: flow.key, input, expectedRevision: flow.revision });
      onSaved(result.updateFlow.revision);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
      setSaving(false);
    }
  };

  const text = (field: FlowField, label: string, hint?: string) => (
    <Field id={`${prefix}-${field}`} label={label} hint={hint} error={errors.get(field)}>
      {(props) => <input {...props} value={values[field]} onInput={(event) => set(field, event.currentTarget.value)} />}
    </Field>
  );
  const choice = (field: FlowField, label: string, options: readonly string[]) => (
    <Field id={`${prefix}-${field}`} label={label} error={errors.get(field)}>
      {(props) => (
        <select {...props} value={values[field]} onChange={(event) => set(field, event.currentTarget.value)}>
          {(options.includes(values[field]) ? options : [values[field], ...options]).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <form onSubmit={save} aria-label={`Edit flow ${flow.key}`} class="flow-form">
      <p>
        <strong>Editing flow {flow.key}</strong> (revision {flow.revision}, {flow.section})
      </p>
      <fieldset class="plain" disabled={saving}>
        <div class="fields">
          {choice('source', 'Source', roles)}
          {choice('destination', 'Destination', roles)}
          {choice('protocol', 'Protocol', PROTOCOLS)}
          {text('ports', 'Ports', '443, 30000-32767 or ${parameter}; none for ipip')}
          {text('condition', 'Condition', 'e.g. cni == "calico"; empty: always')}
          {text('component', 'Component')}
          {text('notes', 'Notes')}
        </div>
        {failure && errors.size === 0 && <ErrorNotice error={failure} />}
        {failure && errors.size > 0 && (
          <p class="field-error" role="alert">
            Not saved: see the message at the field marked invalid.
          </p>
        )}
        {unplaced.length > 0 && (
          <ul>
            {unplaced.map((problem, index) => (
              <li key={index}>
                <code>{problem.path || '/'}</code>: {problem.message}
              </li>
            ))}
          </ul>
        )}
        {saving && <Loading what={`saving flow ${flow.key}`} />}
        <div class="actions">
          <button type="submit">Save flow</button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
