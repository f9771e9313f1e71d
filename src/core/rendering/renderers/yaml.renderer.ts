import { stringify } from 'yaml';
import type { RenderInput } from '../render-input';
import { JsonRenderer } from './json.renderer';

/** The JSON document, written as YAML. */
export class YamlRenderer extends JsonRenderer {
  override readonly format = 'yaml';
  override readonly contentType = 'application/yaml; charset=utf-8';
  override readonly fileExtension = 'yaml';
  override readonly description = 'The flows and the address sets as a YAML document';

  override render(input: RenderInput): string {
    return stringify(this.document(input), { lineWidth: 0, blockQuote: false });
  }
}
