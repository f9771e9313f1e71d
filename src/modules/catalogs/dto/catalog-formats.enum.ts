import { registerEnumType } from '@nestjs/graphql';

/**
 * The closed sets of catalog formats and modes, as GraphQL enums. Each value's name is the
 * string REST takes (`?format=json`, `?mode=merge`), so a GraphQL variable sends exactly
 * what a REST client sends.
 */
export enum CatalogDocumentFormat {
  yaml = 'yaml',
  json = 'json',
}

export enum FlowTableFormat {
  markdown = 'markdown',
  csv = 'csv',
}

export enum FlowImportMode {
  replace = 'replace',
  merge = 'merge',
}

registerEnumType(CatalogDocumentFormat, {
  name: 'CatalogDocumentFormat',
  description: 'The text form of a catalog document',
  valuesMap: {
    yaml: { description: 'YAML, as the catalogs are written by hand' },
    json: { description: 'JSON, the same document' },
  },
});

registerEnumType(FlowTableFormat, {
  name: 'FlowTableFormat',
  description: 'How flow tables shaped like the Network Access document are written',
  valuesMap: {
    markdown: { description: 'Markdown tables under section headings' },
    csv: { description: 'Comma-separated values with a header row' },
  },
});

registerEnumType(FlowImportMode, {
  name: 'FlowImportMode',
  description: 'How imported flow tables apply to a draft',
  valuesMap: {
    replace: { description: 'The tables are all the flows: flows missing from them are deleted' },
    merge: { description: 'The tables add and change flows; the others stay' },
  },
});
