import type { RenderInput } from '../render-input';
import { Renderer } from '../renderer';
import { describeQuestion, flowRows } from './flow-rows';
import { describeFlowPorts } from './text';

/** A table for people: README pages, wikis, review comments. */
export class MarkdownRenderer extends Renderer {
  readonly format = 'markdown';
  readonly contentType = 'text/markdown; charset=utf-8';
  readonly fileExtension = 'md';
  readonly description = 'A Markdown table of the flows';

  render(input: RenderInput): string {
    const change = input.since !== null;
    const header = ['Source', 'Destination', 'Protocol and ports', 'Component', 'Notes', 'Section'];
    const lines = [
      `# Network flows: ${cell(describeQuestion(input))}`,
      '',
      `${input.flows.length} flow(s)${change ? ` to add, ${input.removed.length} to remove` : ''}.`,
      '',
      `| ${change ? 'Change | ' : ''}${header.join(' | ')} |`,
      `|${change ? ' --- |' : ''}${header.map(() => ' --- |').join('')}`,
      ...flowRows(input).map(({ change: action, flow }) => {
        const cells = [
          flow.source,
          flow.destination,
          describeFlowPorts(flow),
          flow.component,
          flow.notes,
          flow.sections.join('; '),
        ];
        return `| ${change ? `${action} | ` : ''}${cells.map(cell).join(' | ')} |`;
      }),
    ];
    return `${lines.join('\n')}\n`;
  }
}

/** Text safe inside a table cell: pipes escaped, line breaks as <br>, HTML neutralised. */
function cell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}
