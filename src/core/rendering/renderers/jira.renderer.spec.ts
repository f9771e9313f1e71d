import { describe, expect, it } from 'vitest';
import { renderFixtures } from '../fixtures/render-fixtures';
import { JiraRenderer, wiki } from './jira.renderer';

const renderer = new JiraRenderer();
const fixtures = Object.fromEntries(renderFixtures().map(({ name, input }) => [name, input]));
const HEADER = '||Source||Destination||Protocol||Ports||Source addresses||Destination addresses||Component||Section||';

interface Issue {
  fields: {
    project: { key: string };
    issuetype: { name: string };
    summary: string;
    description: string;
    labels: string[];
  };
}

function issueOf(text: string): Issue {
  return JSON.parse(text) as Issue;
}

/** The cells of a wiki table row, split on bars that are not escaped. */
function cells(row: string): string[] {
  return row.slice(1, -1).split(/(?<!\\)\|/);
}

describe('JiraRenderer', () => {
  it('writes a create-issue body for a task in the placeholder project', () => {
    const issue = issueOf(renderer.render(fixtures['kublr-calico-full-addresses']));
    expect(Object.keys(issue)).toEqual(['fields']);
    expect(issue.fields.project).toEqual({ key: 'NET' });
    expect(issue.fields.issuetype).toEqual({ name: 'Task' });
    expect(issue.fields.summary).toBe('Firewall change: Kublr network requirements 1.30.0, profile prod-eu-1');
    expect(issue.fields.labels).toEqual(['firewall-change', 'network-flows', 'catalog-1.30.0', 'profile-prod-eu-1']);
    expect(issue.fields.labels.every((label) => !/\s/.test(label))).toBe(true);
  });

  it('lets a subclass name its own project', () => {
    class OpsJiraRenderer extends JiraRenderer {
      protected override readonly projectKey = 'OPS';
    }
    expect(issueOf(new OpsJiraRenderer().render(fixtures['kublr-canal-no-addresses'])).fields.project.key).toBe('OPS');
  });

  it('tables every flow with its roles, ports, addresses, component and section', () => {
    const input = fixtures['kublr-calico-full-addresses'];
    const { description } = issueOf(renderer.render(input)).fields;
    const lines = description.split('\n');
    expect(lines).toContain(HEADER);
    expect(description).toContain('h3. Flows to allow (18)');
    const rows = lines.filter((line) => line.startsWith('|') && !line.startsWith('||'));
    expect(rows).toHaveLength(input.flows.length);
    expect(rows.every((row) => cells(row).length === 8)).toBe(true);
    expect(rows).toContain(
      '|Master (master)|Master (master)|TCP|2379|10.0.1.0/24, security group sg\\-0master0000000001, tag kublr\\-master|10.0.1.0/24, security group sg\\-0master0000000001, tag kublr\\-master|Etcd|Table 3. Master to Masters|',
    );
    expect(description).toContain('* Profile: prod\\-eu\\-1');
  });

  it('names missing addresses instead of leaving cells empty', () => {
    const { description } = issueOf(renderer.render(fixtures['kublr-canal-no-addresses'])).fields;
    expect(description).toContain('_addresses of master: not given_');
    expect(description).toContain('* Profile: none');
  });

  it('for an upgrade, says so in the summary and tables the flows to add and to remove apart', () => {
    const input = fixtures['kublr-upgrade-from-1.29.0'];
    const issue = issueOf(renderer.render(input));
    expect(issue.fields.summary).toBe(
      'Firewall change: Kublr network requirements 1.30.0, profile prod-eu-1, upgrade from 1.29.0',
    );
    expect(issue.fields.labels).toContain('upgrade-from-1.29.0');
    const { description } = issue.fields;
    const add = description.indexOf(`h3. Add (${input.flows.length})`);
    const remove = description.indexOf(`h3. Remove (${input.removed.length})`);
    expect(add).toBeGreaterThan(0);
    expect(remove).toBeGreaterThan(add);
    expect(description.slice(remove)).toContain('|Node (node)|Node (node)|TCP|8082|');
    expect(description.slice(add, remove)).not.toContain('|TCP|8082|');
  });

  it('escapes wiki markup so that hostile text stays text', () => {
    expect(wiki('a|b')).toBe('a\\|b');
    expect(wiki('{code}x{code}')).toBe('\\{code\\}x\\{code\\}');
    expect(wiki('[link|http://x]')).toBe('\\[link\\|http://x\\]');
    expect(wiki('!image.png!')).toBe('\\!image.png\\!');
    expect(wiki('*bold* _it_ -del- +u+ ^s^ ~s~ ??c??')).toBe(
      '\\*bold\\* \\_it\\_ \\-del\\- \\+u\\+ \\^s\\^ \\~s\\~ \\?\\?c\\?\\?',
    );
    expect(wiki('a\\\\b')).toBe('a&#92;&#92;b');
    expect(wiki('&copy; & x')).toBe('&amp;copy; & x');
    expect(wiki('line\nbreak\r\n# list')).toBe('line break \\# list');

    const base = fixtures['kublr-calico-full-addresses'];
    const flow = { ...base.flows[0], component: 'x|y\n||evil||', sections: ['{noformat}'] };
    const { description } = issueOf(renderer.render({ ...base, flows: [flow] })).fields;
    const row = description.split('\n').find((line) => line.startsWith('|') && !line.startsWith('||'));
    expect(row).toBeDefined();
    expect(cells(row ?? '')).toHaveLength(8);
    expect(description).toContain('x\\|y \\|\\|evil\\|\\|');
  });

  it('keeps the summary within Jira’s 255 characters and on one line', () => {
    const base = fixtures['kublr-canal-no-addresses'];
    const { summary } = issueOf(
      renderer.render({ ...base, catalog: { ...base.catalog, title: `a\n${'x'.repeat(300)}` } }),
    ).fields;
    expect(summary.length).toBeLessThanOrEqual(255);
    expect(summary).not.toContain('\n');
  });
});
