import { addressesOf, type RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion, flowRows } from './flow-rows';
import { describeFlowPorts } from './text';

const STYLE = `
body { font: 14px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328; margin: 2rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.question { color: #59636e; margin: 0 0 1rem; }
dl { display: grid; grid-template-columns: max-content auto; gap: .25rem 1rem; margin: 0 0 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d1d9e0; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.addresses { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
tr.add td.change { color: #1a7f37; font-weight: 600; }
tr.remove td.change { color: #cf222e; font-weight: 600; }
tr.remove td:not(.change) { text-decoration: line-through; color: #59636e; }
.placeholder { color: #9a6700; font-style: italic; }
`;

/**
 * A standalone page for people: inline CSS, no scripts and nothing loaded from elsewhere
 * (a Content-Security-Policy says so too), every value HTML-escaped.
 */
export class HtmlRenderer extends Renderer {
  readonly format = 'html';
  readonly contentType = 'text/html; charset=utf-8';
  readonly fileExtension = 'html';
  readonly description = 'A standalone HTML page with a table of the flows';

  render(input: RenderInput): string {
    const change = input.since !== null;
    const question = describeQuestion(input);
    const parameters = Object.entries(input.parameters).map(([name, value]) => `${name} = ${String(value)}`);
    const header = [
      ...(change ? ['Change'] : []),
      'Source',
      'Destination',
      'Protocol and ports',
      'Source addresses',
      'Destination addresses',
      'Component',
      'Notes',
      'Section',
    ];
    const rows = flowRows(input).map(({ change: action, flow }) => {
      const cells = [
        ...(change ? [`<td class="change">${escapeHtml(action ?? '')}</td>`] : []),
        `<td>${roleCell(input, flow.source)}</td>`,
        `<td>${roleCell(input, flow.destination)}</td>`,
        `<td>${escapeHtml(describeFlowPorts(flow))}</td>`,
        `<td class="addresses">${addressCell(input, flow.source)}</td>`,
        `<td class="addresses">${addressCell(input, flow.destination)}</td>`,
        `<td>${escapeHtml(flow.component)}</td>`,
        `<td>${escapeHtml(flow.notes)}</td>`,
        `<td>${escapeHtml(flow.sections.join('; '))}</td>`,
      ];
      return `<tr${action === null ? '' : ` class="${action}"`}>${cells.join('')}</tr>`;
    });
    const lines = [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>Network flows: ${escapeHtml(question)}</title>`,
      `<style>${STYLE}</style>`,
      '</head>',
      '<body>',
      '<h1>Network flows</h1>',
      `<p class="question">${escapeHtml(question)}</p>`,
      '<dl>',
      `<dt>Catalog</dt><dd>${escapeHtml(input.catalog.title)}</dd>`,
      `<dt>Version</dt><dd>${escapeHtml(input.catalog.version)}</dd>`,
      `<dt>Profile</dt><dd>${input.profile === null ? '<span class="placeholder">none (no address sets)</span>' : escapeHtml(input.profile)}</dd>`,
      ...(change ? [`<dt>Changes since</dt><dd>${escapeHtml(input.since ?? '')}</dd>`] : []),
      `<dt>Parameters</dt><dd>${parameters.length === 0 ? 'none' : parameters.map(escapeHtml).join('<br>')}</dd>`,
      '</dl>',
      `<p>${input.flows.length} flow(s)${change ? ` to add, ${input.removed.length} to remove` : ''}.</p>`,
      '<table>',
      `<thead><tr>${header.map((name) => `<th>${name}</th>`).join('')}</tr></thead>`,
      '<tbody>',
      ...rows,
      '</tbody>',
      '</table>',
      '</body>',
      '</html>',
    ];
    return `${lines.join('\n')}\n`;
  }
}

function roleCell(input: RenderInput, key: string): string {
  const name = input.roles.find((role) => role.key === key)?.name;
  return name === undefined || name === key ? escapeHtml(key) : `${escapeHtml(name)} (${escapeHtml(key)})`;
}

function addressCell(input: RenderInput, key: string): string {
  const { cidrs, securityGroupIds, tags } = addressesOf(input, key);
  const parts = [...cidrs, ...securityGroupIds.map((id) => `security group ${id}`), ...tags.map((tag) => `tag ${tag}`)];
  if (parts.length === 0) return `<span class="placeholder">addresses of ${escapeHtml(key)}: not given</span>`;
  return parts.map(escapeHtml).join('<br>');
}

/** Text as HTML, in element content and in quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
