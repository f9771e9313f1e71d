import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, request } from '../api/client';
import { apiKey } from '../api/key';
import { Field, lines } from '../components/field';
import { ErrorNotice, Loading } from '../components/status';
import { useQuery } from '../components/use-query';
import { useUrlState } from '../components/url-state';
import { graphql } from '../gql';
import type { ExplorerProfileQuery, ExplorerProfileShapeQuery, ProfileInput } from '../gql/graphql';
import { formatDate } from './versions';

const PROFILES = graphql(`
  query ExplorerProfiles {
    profiles {
      name
      version
      resolvedVersion
      description
      revision
    }
  }
`);

const PROFILE = graphql(`
  query ExplorerProfile($name: String!) {
    profile(name: $name) {
      name
      description
      version
      resolvedVersion
      revision
      updatedAt
      params {
        name
        value
      }
      addresses {
        role
        cidrs
        securityGroupIds
        tags
      }
      management {
        cidrs
        ports
      }
    }
  }
`);

/** What the form offers: the versions to follow, and the parameters and roles of the one chosen. */
const PROFILE_SHAPE = graphql(`
  query ExplorerProfileShape($version: String!) {
    catalogs {
      version
      status
    }
    catalog(version: $version) {
      version
      parameters {
        name
        type
        values
        default
        description
      }
      roles {
        key
        name
        kind
      }
    }
  }
`);

const PUT_PROFILE = graphql(`
  mutation ExplorerPutProfile($name: String!, $input: ProfileInput!, $expectedRevision: Int) {
    putProfile(name: $name, input: $input, expectedRevision: $expectedRevision) {
      name
      revision
    }
  }
`);

type Profile = NonNullable<ExplorerProfileQuery['profile']>;
type Shape = ExplorerProfileShapeQuery;
type Parameter = NonNullable<Shape['catalog']>['parameters'][number];

/**
 * Profiles: the list (with a "New profile" form at ?new=1), and at /profiles/:name one
 * profile's settings and the form that edits it. Saving needs an editor key.
 */
export function ProfilesView({ name }: { name?: string }) {
  const [query] = useUrlState();
  if (name !== undefined) return <ProfileDetail name={decodeURIComponent(name)} saved={query.saved} />;
  return query.new ? <NewProfile /> : <ProfileList />;
}

function ProfileList() {
  const { data, error, loading } = useQuery(PROFILES, {});
  return (
    <section aria-labelledby="profiles-title">
      <h1 id="profiles-title">Profiles</h1>
      <p>
        <a href="/profiles?new=1">New profile</a>
      </p>
      {loading && <Loading what="profiles" />}
      {error && <ErrorNotice error={error} />}
      {data && data.profiles.length === 0 && <p>There are no profiles yet.</p>}
      {data && data.profiles.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Every profile, by name</caption>
            <thead>
              <tr>
                <th scope="col">Profile</th>
                <th scope="col">Version</th>
                <th scope="col">Resolves to</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {data.profiles.map((profile) => (
                <tr key={profile.name}>
                  <th scope="row">
                    <a href={`/profiles/${encodeURIComponent(profile.name)}`}>{profile.name}</a>
                  </th>
                  <td>{profile.version}</td>
                  <td>{profile.resolvedVersion ?? 'none published'}</td>
                  <td>{profile.description || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewProfile() {
  const { route } = useLocation();
  return (
    <section aria-labelledby="new-profile-title">
      <p>
        <a href="/profiles">All profiles</a>
      </p>
      <h1 id="new-profile-title">New profile</h1>
      <ProfileForm
        profile={null}
        onSaved={(saved) => route(`/profiles/${encodeURIComponent(saved.name)}?saved=${saved.revision}`)}
      />
    </section>
  );
}

function ProfileDetail({ name, saved }: { name: string; saved?: string }) {
  const { data, error, loading, reload } = useQuery(PROFILE, { name });
  const [, update] = useUrlState();
  const profile = data?.profile;
  return (
    <section aria-labelledby="profile-title">
      <p>
        <a href="/profiles">All profiles</a>
      </p>
      <h1 id="profile-title">Profile {name}</h1>
      {saved && (
        <p class="notice" role="status">
          Saved: profile {name} is now at revision {saved}.
        </p>
      )}
      {loading && <Loading what={`profile ${name}`} />}
      {error && <ErrorNotice error={error} />}
      {profile && (
        <>
          <ProfileSettings profile={profile} />
          <h2>Edit</h2>
          <ProfileForm
            key={profile.revision}
            profile={profile}
            onSaved={(result) => {
              update({ saved: String(result.revision) });
              reload();
            }}
          />
        </>
      )}
    </section>
  );
}

function ProfileSettings({ profile }: { profile: Profile }) {
  return (
    <>
      <dl class="settings">
        <dt>Description</dt>
        <dd>{profile.description || '—'}</dd>
        <dt>Version</dt>
        <dd>
          {profile.version}
          {profile.version === 'latest' && ` (now ${profile.resolvedVersion ?? 'none published'})`}
        </dd>
        <dt>Revision</dt>
        <dd>
          <span data-testid="profile-revision">{profile.revision}</span>, changed {formatDate(profile.updatedAt)}
        </dd>
        <dt>Management</dt>
        <dd>
          {profile.management
            ? `${profile.management.cidrs.join(', ') || 'no networks'} to ports ${profile.management.ports.join(', ')}`
            : 'none given'}
        </dd>
      </dl>
      <h2>Parameter values</h2>
      {profile.params.length === 0 ? (
        <p>None given: every parameter takes its catalog default.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {profile.params.map((param) => (
                <tr key={param.name}>
                  <th scope="row">{param.name}</th>
                  <td>{String(param.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>Addresses</h2>
      {profile.addresses.length === 0 ? (
        <p>None given.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">CIDRs</th>
                <th scope="col">Security groups</th>
                <th scope="col">Tags</th>
              </tr>
            </thead>
            <tbody>
              {profile.addresses.map((set) => (
                <tr key={set.role}>
                  <th scope="row">{set.role}</th>
                  <td>{set.cidrs.join(', ') || '—'}</td>
                  <td>{set.securityGroupIds.join(', ') || '—'}</td>
                  <td>{set.tags.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The form's own values: text as typed, turned into a ProfileInput on save. */
interface FormValues {
  name: string;
  description: string;
  version: string;
  /** By parameter name; "" means "not given" (the catalog default). */
  params: Record<string, string>;
  /** By role, then list; one entry per line. */
  addresses: Record<string, { cidrs: string; securityGroupIds: string; tags: string }>;
  managementCidrs: string;
  managementPorts: string;
}

type AddressList = 'cidrs' | 'securityGroupIds' | 'tags';
const ADDRESS_LISTS: ReadonlyArray<{ list: AddressList; label: string }> = [
  { list: 'cidrs', label: 'CIDRs' },
  { list: 'securityGroupIds', label: 'Security groups' },
  { list: 'tags', label: 'Tags' },
];

function initialValues(profile: Profile | null): FormValues {
  return {
    name: profile?.name ?? '',
    description: profile?.description ?? '',
    version: profile?.version ?? 'latest',
    params: Object.fromEntries((profile?.params ?? []).map((param) => [param.name, String(param.value)])),
    addresses: Object.fromEntries(
      (profile?.addresses ?? []).map((set) => [
        set.role,
        { cidrs: set.cidrs.join('\n'), securityGroupIds: set.securityGroupIds.join('\n'), tags: set.tags.join('\n') },
      ]),
    ),
    managementCidrs: profile?.management?.cidrs.join('\n') ?? '',
    managementPorts: profile?.management?.ports.join(', ') ?? '',
  };
}

/**
 * The id of the control a field named by the service belongs to: "name", a parameter's
 * name, "addresses.<role>.<list>" (or "addresses.<role>"), "management.cidrs"/"ports".
 */
function controlFor(field: string, shape: Shape | null): string | null {
  if (field === 'name') return 'profile-name';
  if (field === 'description') return 'profile-description';
  if (field === 'version') return 'profile-version';
  if (shape?.catalog?.parameters.some((parameter) => parameter.name === field)) return `param-${field}`;
  const address = /^addresses\.(.+?)(?:\.(cidrs|securityGroupIds|tags))?$/.exec(field);
  if (address && shape?.catalog?.roles.some((role) => role.key === address[1])) {
    return `addr-${address[1]}-${address[2] ?? 'cidrs'}`;
  }
  if (field === 'management' || field === 'management.cidrs') return 'mgmt-cidrs';
  if (field === 'management.ports') return 'mgmt-ports';
  return null;
}

/** A parameter's text as typed, as the value its type takes. */
function parameterValue(parameter: Parameter | undefined, text: string): string | number | boolean {
  if (parameter?.type === 'boolean') return text === 'true';
  if (parameter?.type === 'number') return Number(text);
  return text;
}

function toInput(values: FormValues, shape: Shape): ProfileInput {
  const parameters = new Map(shape.catalog?.parameters.map((parameter) => [parameter.name, parameter]));
  const addresses = Object.entries(values.addresses)
    .map(([role, set]) => ({
      role,
      cidrs: lines(set.cidrs),
      securityGroupIds: lines(set.securityGroupIds),
      tags: lines(set.tags),
    }))
    .filter((set) => set.cidrs.length + set.securityGroupIds.length + set.tags.length > 0);
  const managementCidrs = lines(values.managementCidrs);
  const managementPorts = values.managementPorts
    .split(/[\s,]+/)
    .filter((port) => port !== '')
    .map(Number);
  return {
    description: values.description,
    version: values.version,
    params: Object.entries(values.params)
      .filter(([name, text]) => text !== '' && parameters.has(name))
      .map(([name, text]) => ({ name, value: parameterValue(parameters.get(name), text) })),
    addresses,
    management:
      managementCidrs.length + managementPorts.length > 0 ? { cidrs: managementCidrs, ports: managementPorts } : null,
  };
}

/**
 * Creates (profile null) or replaces a profile. A VALIDATION_FAILED answer naming a field is
 * shown at that field; any other error above the Save button. Edits send the revision the
 * form was loaded at, so a change made meanwhile by someone else is not overwritten.
 */
function ProfileForm({
  profile,
  onSaved,
}: {
  profile: Profile | null;
  onSaved: (saved: { name: string; revision: number }) => void;
}) {
  const [values, setValues] = useState<FormValues>(() => initialValues(profile));
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  // useQuery keeps the last answer while another version's loads: the controls stay put.
  const shapeQuery = useQuery(PROFILE_SHAPE, { version: values.version });
  const shape = shapeQuery.data;
  const canWrite = apiKey.value !== null;

  const control = failure?.field ? controlFor(failure.field, shape) : null;
  const errorAt = (id: string) => (control === id ? failure?.message : null);
  const set = (patch: Partial<FormValues>) => setValues((before) => ({ ...before, ...patch }));
  const setAddress = (role: string, list: AddressList, text: string) =>
    setValues((before) => {
      const current = before.addresses[role] ?? { cidrs: '', securityGroupIds: '', tags: '' };
      return { ...before, addresses: { ...before.addresses, [role]: { ...current, [list]: text } } };
    });

  const save = async (event: Event) => {
    event.preventDefault();
    if (!shape) return;
    const input = toInput(values, shape);
    if (input.management?.ports?.some((port) => !Number.isInteger(port))) {
      setFailure(
        new ApiError('VALIDATION_FAILED', 'Management ports must be whole numbers, e.g. 22, 6443', 'management.ports'),
      );
      return;
    }
    setSaving(true);
    setFailure(null);
    try {
      const result = await request(PUT_PROFILE, {
        name: profile?.name ?? values.name.trim(),
        input,
        expectedRevision: profile?.revision ?? null,
      });
      onSaved(result.putProfile);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError('INTERNAL', String(error)));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="profile-form" onSubmit={save} aria-label={profile ? `Edit profile ${profile.name}` : 'New profile'}>
      {!canWrite && (
        <p class="notice" id="profile-key-needed">
          Saving needs an editor API key: enter one under “API key” at the top. The form is disabled until then.
        </p>
      )}
      <fieldset disabled={!canWrite || saving} class="plain">
        <div class="fields">
          {profile === null && (
            <Field
              id="profile-name"
              label="Name"
              hint='Letters, digits, ".", "_" and "-"'
              error={errorAt('profile-name')}
            >
              {(props) => (
                <input
                  {...props}
                  required
                  value={values.name}
                  onInput={(event) => set({ name: event.currentTarget.value })}
                />
              )}
            </Field>
          )}
          <Field id="profile-description" label="Description" error={errorAt('profile-description')}>
            {(props) => (
              <input
                {...props}
                value={values.description}
                onInput={(event) => set({ description: event.currentTarget.value })}
              />
            )}
          </Field>
          <Field id="profile-version" label="Catalog version" error={errorAt('profile-version')}>
            {(props) => (
              <select
                {...props}
                value={values.version}
                onChange={(event) => set({ version: event.currentTarget.value })}
              >
                <option value="latest">latest (follows the newest published)</option>
                {shape?.catalogs.map((catalog) => (
                  <option key={catalog.version} value={catalog.version}>
                    {catalog.version} ({catalog.status})
                  </option>
                ))}
                {shape &&
                  !shape.catalogs.some((catalog) => catalog.version === values.version) &&
                  values.version !== 'latest' && <option value={values.version}>{values.version}</option>}
              </select>
            )}
          </Field>
        </div>
        {shapeQuery.loading && <Loading what={`the parameters and roles of ${values.version}`} />}
        {shapeQuery.error && <ErrorNotice error={shapeQuery.error} />}
        {shape?.catalog && (
          <>
            <fieldset>
              <legend>Parameter values (empty: the catalog’s default)</legend>
              <div class="fields">
                {shape.catalog.parameters.map((parameter) => (
                  <ParameterControl
                    key={parameter.name}
                    parameter={parameter}
                    value={values.params[parameter.name] ?? ''}
                    error={errorAt(`param-${parameter.name}`)}
                    onChange={(text) => set({ params: { ...values.params, [parameter.name]: text } })}
                  />
                ))}
              </div>
            </fieldset>
            <fieldset>
              <legend>Addresses by role (one per line)</legend>
              {shape.catalog.roles.map((role) => (
                <fieldset key={role.key} class="role-addresses">
                  <legend>
                    {role.name} ({role.key}, {role.kind})
                  </legend>
                  <div class="fields">
                    {ADDRESS_LISTS.map(({ list, label }) => {
                      const id = `addr-${role.key}-${list}`;
                      return (
                        <Field key={list} id={id} label={`${role.key} ${label}`} error={errorAt(id)}>
                          {(props) => (
                            <textarea
                              {...props}
                              rows={2}
                              value={values.addresses[role.key]?.[list] ?? ''}
                              onInput={(event) => setAddress(role.key, list, event.currentTarget.value)}
                            />
                          )}
                        </Field>
                      );
                    })}
                  </div>
                </fieldset>
              ))}
            </fieldset>
          </>
        )}
        <fieldset>
          <legend>Management access (enforcing host firewalls)</legend>
          <div class="fields">
            <Field id="mgmt-cidrs" label="Management CIDRs" hint="One per line" error={errorAt('mgmt-cidrs')}>
              {(props) => (
                <textarea
                  {...props}
                  rows={2}
                  value={values.managementCidrs}
                  onInput={(event) => set({ managementCidrs: event.currentTarget.value })}
                />
              )}
            </Field>
            <Field
              id="mgmt-ports"
              label="Management ports"
              hint="TCP ports, e.g. 22, 6443; none: 22"
              error={errorAt('mgmt-ports')}
            >
              {(props) => (
                <input
                  {...props}
                  inputMode="numeric"
                  value={values.managementPorts}
                  onInput={(event) => set({ managementPorts: event.currentTarget.value })}
                />
              )}
            </Field>
          </div>
        </fieldset>
        {failure && control === null && <ErrorNotice error={failure} />}
        {failure && control !== null && (
          <p class="field-error" role="alert">
            Not saved: see the message at the field marked invalid.
          </p>
        )}
        {saving && <Loading what="saving the profile" />}
        <button type="submit" disabled={!shape}>
          {profile ? `Save profile (revision ${profile.revision})` : 'Create profile'}
        </button>
      </fieldset>
    </form>
  );
}

function ParameterControl({
  parameter,
  value,
  error,
  onChange,
}: {
  parameter: Parameter;
  value: string;
  error: string | null | undefined;
  onChange: (text: string) => void;
}) {
  const id = `param-${parameter.name}`;
  const fallback = `default (${String(parameter.default ?? 'none')})`;
  const hint = parameter.description || undefined;
  const choices =
    parameter.type === 'enum' ? parameter.values : parameter.type === 'boolean' ? ['true', 'false'] : null;
  return (
    <Field id={id} label={parameter.name} hint={hint} error={error}>
      {(props) =>
        choices ? (
          <select {...props} value={value} onChange={(event) => onChange(event.currentTarget.value)}>
            <option value="">{fallback}</option>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...props}
            inputMode={parameter.type === 'number' ? 'decimal' : undefined}
            placeholder={fallback}
            value={value}
            onInput={(event) => onChange(event.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}
