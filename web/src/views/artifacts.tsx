import { useEffect, useState } from 'preact/hooks';
import type { highlightLines as HighlightLines } from '../components/highlight';
import { graphql } from '../gql';
import { fieldError, PARAM_PREFIX, ParamFields, paramsFromQuery } from '../components/question-params';
import { saveFile } from '../components/save-file';
import { ErrorNotice, Loading } from '../components/status';
import { useQuery } from '../components/use-query';
import { useUrlState } from '../components/url-state';

const ARTIFACT_CHOICES = graphql(`
  query ArtifactChoices {
    catalogs {
      version
      status
    }
    profiles {
      name
      resolvedVersion
    }
    artifactFormats {
      format
      description
      contentType
      fileExtension
    }
  }
`);

const ARTIFACT_CATALOG = graphql(`
  query ArtifactCatalog($version: String!) {
    catalog(version: $version) {
      version
      ...ExplorerQuestionShape
    }
  }
`);

const ARTIFACT_PREVIEW = graphql(`
  query ArtifactPreview(
    $format: String!
    $catalog: String
    $profile: String
    $from: String
    $to: String
    $since: String
    $params: ParamsInput
  ) {
    artifact(
      format: $format
      catalog: $catalog
      profile: $profile
      from: $from
      to: $to
      since: $since
      params: $params
    ) {
      format
      content
      contentType
      fileName
    }
  }
`);

/** The question's fields other than parameters, as the URL and the service's error `field` name them. */
const QUESTION_FIELDS = ['version', 'profile', 'from', 'to', 'since', 'format'] as const;

/**
 * Every artifact format for the current question (version or profile, roles, parameter
 * values, optionally the change since an earlier version), one previewed at a time: text
 * with line numbers and highlighting, the SVG drawn; copied or downloaded as the service names the file.
 * Every choice is in the URL: version, profile, from, to, since, format, p.<name>.
 */
export function ArtifactsView() {
  const [query, update] = useUrlState();
  const choices = useQuery(ARTIFACT_CHOICES, {});
  const profile = choices.data?.profiles.find((candidate) => candidate.name === query.profile);
  // The version whose roles and parameters the form lists: as the service picks it.
  const version = query.version || profile?.resolvedVersion || 'latest';
  const catalog = useQuery(ARTIFACT_CATALOG, { version }, choices.data === null);
  const parameters = catalog.data?.catalog?.parameters ?? [];
  const roles = catalog.data?.catalog?.roles ?? [];
  const format = query.format ?? '';
  const chosen = choices.data?.artifactFormats.find((candidate) => candidate.format === format);
  const preview = useQuery(
    ARTIFACT_PREVIEW,
    {
      format,
      catalog: query.version || null,
      profile: query.profile || null,
      from: query.from || null,
      to: query.to || null,
      since: query.since || null,
      params: paramsFromQuery(query, parameters) ?? null,
    },
    format === '' || catalog.data === null,
  );
  const error = preview.error;
  const problems = Object.fromEntries(QUESTION_FIELDS.map((field) => [field, fieldError(error, field)]));
  const shownAtField =
    Object.values(problems).some((problem) => problem !== null) ||
    parameters.some((parameter) => fieldError(error, parameter.name) !== null);
  const select = (
    field: (typeof QUESTION_FIELDS)[number],
    label: string,
    options: ReadonlyArray<{ value: string; text: string }>,
    none: string,
  ) => (
    <div>
      <label for={`artifact-${field}`}>{label}</label>
      <select
        id={`artifact-${field}`}
        value={query[field] ?? ''}
        aria-invalid={problems[field] !== null ? 'true' : undefined}
        aria-describedby={problems[field] !== null ? `artifact-${field}-error` : undefined}
        onChange={(event) => update({ [field]: event.currentTarget.value })}
      >
        <option value="">{none}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
        {query[field] && !options.some((option) => option.value === query[field]) && (
          <option value={query[field]}>{query[field]}</option>
        )}
      </select>
      {problems[field] !== null && (
        <p id={`artifact-${field}-error`} class="field-error">
          {problems[field]}
        </p>
      )}
    </div>
  );
  const versionOptions = (choices.data?.catalogs ?? []).map((entry) => ({
    value: entry.version,
    text: `${entry.version} (${entry.status})`,
  }));
  const roleOptions = roles.map((role) => ({ value: role.key, text: `${role.key} (${role.name})` }));

  return (
    <section aria-labelledby="artifacts-title">
      <h1 id="artifacts-title">Artifacts</h1>
      <p>The flows of a question rendered for the tool that applies them.</p>
      {choices.loading && <Loading what="versions, profiles and formats" />}
      {choices.error && <ErrorNotice error={choices.error} />}
      {choices.data && (
        <form class="question" aria-label="The question to render" onSubmit={(event) => event.preventDefault()}>
          {select('version', 'Catalog version', versionOptions, profile ? "the profile's version" : 'latest')}
          {select(
            'profile',
            'Profile',
            choices.data.profiles.map((entry) => ({ value: entry.name, text: entry.name })),
            'none',
          )}
          {select('from', 'Source role', roleOptions, 'any')}
          {select('to', 'Destination role', roleOptions, 'any')}
          <ParamFields
            parameters={parameters}
            query={query}
            error={error}
            onChange={(name, value) => update({ [`${PARAM_PREFIX}${name}`]: value })}
          />
          {select('since', 'Changes since version', versionOptions, 'none (every rule)')}
          {select(
            'format',
            'Format',
            choices.data.artifactFormats.map((entry) => ({ value: entry.format, text: entry.format })),
            'choose a format',
          )}
        </form>
      )}
      {chosen && (
        <p id="artifact-format-description" class="hint">
          {chosen.format}: {chosen.description}
        </p>
      )}
      {catalog.loading && <Loading what={`catalog ${version}`} />}
      {catalog.error && <ErrorNotice error={catalog.error} />}
      {choices.data && format === '' && <p>Choose a format to preview its artifact.</p>}
      {preview.loading && format !== '' && catalog.data && <Loading what={`the ${format} artifact`} />}
      {error && !shownAtField && <ErrorNotice error={error} />}
      {error && shownAtField && (
        <p class="error" role="alert">
          Check the field marked above: {error.message}
        </p>
      )}
      {preview.data?.artifact && !preview.loading && <ArtifactPreview artifact={preview.data.artifact} />}
    </section>
  );
}

interface ShownArtifact {
  readonly format: string;
  readonly content: string;
  readonly contentType: string;
  readonly fileName: string;
}

function ArtifactPreview({ artifact }: { artifact: ShownArtifact }) {
  const [copyStatus, setCopyStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const copy = async () => {
    setCopyStatus(null);
    try {
      await navigator.clipboard.writeText(artifact.content);
      setCopyStatus({ ok: true, text: `Copied ${artifact.fileName} to the clipboard.` });
    } catch (error) {
      setCopyStatus({ ok: false, text: `Could not copy to the clipboard: ${(error as Error).message}` });
    }
  };
  const isSvg = artifact.contentType.startsWith('image/svg');
  return (
    <section aria-labelledby="artifact-preview-title" class="artifact-preview">
      <h2 id="artifact-preview-title">{artifact.fileName}</h2>
      <div class="button-row">
        <button type="button" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" class="secondary" onClick={() => saveFile(artifact)}>
          Download
        </button>
      </div>
      <p role="status" class={copyStatus?.ok === false ? 'field-error' : 'saved'}>
        {copyStatus?.text ?? ''}
      </p>
      {isSvg ? (
        <figure class="graph">
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(artifact.content)}`}
            alt={`The ${artifact.format} artifact: a graph of the roles and the flows between them`}
          />
        </figure>
      ) : (
        <NumberedText
          content={artifact.content}
          fileExtension={extensionOf(artifact.fileName)}
          label={`${artifact.fileName}, ${lineCount(artifact.content)} lines`}
        />
      )}
    </section>
  );
}

/**
 * Text with line numbers, in monospace, highlighted by Prism for the formats it has a
 * grammar for (see highlight.ts). The numbers are drawn by CSS, so copying a selection
 * copies the text alone.
 */
function NumberedText({ content, label, fileExtension }: { content: string; label: string; fileExtension: string }) {
  const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  const highlight = useHighlighter();
  const highlighted = highlight === null ? null : highlight(lines, fileExtension);
  return (
    <pre class="code numbered" tabIndex={0} aria-label={label}>
      <code class={highlighted === null ? undefined : 'highlighted'}>
        {lines.map((line, index) =>
          highlighted === null ? (
            <span key={index} class="line">
              {line}
              {'\n'}
            </span>
          ) : (
            <span key={index} class="line" dangerouslySetInnerHTML={{ __html: `${highlighted[index]}\n` }} />
          ),
        )}
      </code>
    </pre>
  );
}

/**
 * The highlighter, loaded when a preview first needs it (its own chunk: the grammars are not
 * part of the page every view loads); null until then, and the text shows plain meanwhile.
 */
function useHighlighter(): typeof HighlightLines | null {
  const [highlight, setHighlight] = useState<typeof HighlightLines | null>(null);
  useEffect(() => {
    let current = true;
    void import('../components/highlight').then((module) => {
      if (current) setHighlight(() => module.highlightLines);
    });
    return () => {
      current = false;
    };
  }, []);
  return highlight;
}

/** The file name's extension (the renderer's), which says how to highlight it. */
function extensionOf(fileName: string): string {
  return fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
}

/** Lines as an editor counts them (a final newline ends the last line, it starts none). */
export function lineCount(content: string): number {
  if (content === '') return 0;
  return content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
}
