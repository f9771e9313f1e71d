import type { ResolvedFlow } from '../../flows/resolved-flow';
import { addressesOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';

const TABLE_HEADER =
  '||Source||Destination||Protocol||Ports||Source addresses||Destination addresses||Component||Section||';

/** Jira's limit on a summary. */
const SUMMARY_MAX = 255;

/**
 * A firewall change request as the body of Jira's "create issue" call
 * (`POST /rest/api/2/issue`: API version 2, whose `description` is wiki markup; version 3
 * wants Atlassian Document Format instead).
 *
 * The project key is a placeholder: clients set `fields.project.key` to their own project
 * before sending the body, or a subclass overrides `projectKey` (and `issueType`).
 */
export class JiraRenderer extends Renderer {
  readonly format = 'jira';
  readonly contentType = 'application/json; charset=utf-8';
  readonly fileExtension = 'json';
  readonly description = 'A Jira issue (REST API v2 create-issue body) requesting the firewall change';

  protected readonly projectKey: string = 'NET';
  protected readonly issueType: string = 'Task';

  render(input: RenderInput): string {
    return `${JSON.stringify(this.issue(input), null, 2)}\n`;
  }

  protected issue(input: RenderInput): { fields: Record<string, unknown> } {
    return {
      fields: {
        project: { key: this.projectKey },
        issuetype: { name: this.issueType },
        summary: summary(input),
        description: description(input),
        labels: labels(input),
      },
    };
  }
}

function summary(input: RenderInput): string {
  const profile = input.profile === null ? '' : `, profile ${input.profile}`;
  const change = input.since === null ? '' : `, upgrade from ${input.since}`;
  const text = plain(`Firewall change: ${input.catalog.title} ${input.catalog.version}${profile}${change}`);
  return text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX - 1)}…`;
}

/** Jira labels cannot hold spaces. */
function labels(input: RenderInput): string[] {
  const label = (text: string) => plain(text).replace(/\s+/g, '-').slice(0, 255);
  return [
    'firewall-change',
    'network-flows',
    label(`catalog-${input.catalog.version}`),
    ...(input.profile === null ? [] : [label(`profile-${input.profile}`)]),
    ...(input.since === null ? [] : [label(`upgrade-from-${input.since}`)]),
  ];
}

function description(input: RenderInput): string {
  const change = input.since !== null;
  const parameters = Object.entries(input.parameters)
    .map(([name, value]) => `${wiki(name)} = ${wiki(String(value))}`)
    .join(', ');
  const lines = [
    'h2. Firewall change request',
    '',
    change
      ? `Please change the firewall rules for *${wiki(input.catalog.title)}* from version *${wiki(input.since ?? '')}* to version *${wiki(input.catalog.version)}*: allow the flows under "Add" and remove those under "Remove".`
      : `Please allow the network flows below, required by *${wiki(input.catalog.title)}* version *${wiki(input.catalog.version)}*.`,
    '',
    `* Catalog: ${wiki(input.catalog.title)}, version ${wiki(input.catalog.version)}`,
    `* Profile: ${input.profile === null ? 'none (no address sets: the address columns name what to fill in)' : wiki(input.profile)}`,
    ...(change ? [`* Upgrade from version: ${wiki(input.since ?? '')}`] : []),
    `* Parameters: ${parameters === '' ? 'none' : parameters}`,
    '',
    ...(change
      ? [
          ...flowTable(input, `Add (${input.flows.length})`, input.flows),
          '',
          ...flowTable(input, `Remove (${input.removed.length})`, input.removed),
        ]
      : flowTable(input, `Flows to allow (${input.flows.length})`, input.flows)),
    '',
    'The Section column names the part of the network requirements document each flow comes from.',
  ];
  return lines.join('\n');
}

function flowTable(input: RenderInput, title: string, flows: readonly ResolvedFlow[]): string[] {
  if (flows.length === 0) return [`h3. ${title}`, '', 'None.'];
  return [`h3. ${title}`, '', TABLE_HEADER, ...flows.map((flow) => row(input, flow))];
}

function row(input: RenderInput, flow: ResolvedFlow): string {
  const cells = [
    roleCell(input, flow.source),
    roleCell(input, flow.destination),
    flow.protocol === 'ipip' ? 'IP-in-IP (IP protocol 4)' : flow.protocol.toUpperCase(),
    ports(flow),
    addressCell(input, flow.source),
    addressCell(input, flow.destination),
    wiki(flow.component) || ' ',
    wiki(flow.sections.join('; ')) || ' ',
  ];
  return `|${cells.join('|')}|`;
}

function ports(flow: ResolvedFlow): string {
  if (flow.fromPort === null || flow.toPort === null) return 'none';
  return flow.fromPort === flow.toPort ? String(flow.fromPort) : `${flow.fromPort}-${flow.toPort}`;
}

function roleCell(input: RenderInput, key: string): string {
  const name = input.roles.find((role) => role.key === key)?.name;
  return name === undefined || name === key ? wiki(key) : `${wiki(name)} (${wiki(key)})`;
}

function addressCell(input: RenderInput, key: string): string {
  const { cidrs, securityGroupIds, tags } = addressesOf(input, key);
  const parts = [...cidrs, ...securityGroupIds.map((id) => `security group ${id}`), ...tags.map((tag) => `tag ${tag}`)];
  return parts.length === 0 ? `_addresses of ${wiki(key)}: not given_` : wiki(parts.join(', '));
}

/** Text on one line, without control or line-separator characters. */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

/**
 * Text as literal wiki markup, safe in a table cell: on one line; markup characters
 * (table bars, macros, links, images, text effects, lists) escaped with a backslash; a
 * backslash itself as an HTML entity (a doubled backslash is a line break in Jira); "&"
 * neutralised where it would start an entity.
 */
export function wiki(text: string): string {
  return plain(text).replace(/[\\|{}[\]*_+^~?!#-]|&(?=#?[A-Za-z0-9]+;)/g, (char) =>
    char === '\\' ? '&#92;' : char === '&' ? '&amp;' : `\\${char}`,
  );
}
