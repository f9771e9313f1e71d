import { RendererRegistry } from './renderer-registry';
import { CsvRenderer } from './renderers/csv.renderer';
import { JsonRenderer } from './renderers/json.renderer';
import { MarkdownRenderer } from './renderers/markdown.renderer';
import { YamlRenderer } from './renderers/yaml.renderer';

/**
 * Every artifact format, one line each. A new format is one file under renderers/ and
 * one line here; the registry refuses two renderers with the same format.
 */
export const RENDERERS = new RendererRegistry([
  new JsonRenderer(),
  new YamlRenderer(),
  new CsvRenderer(),
  new MarkdownRenderer(),
]);
