import type { RenderInput } from '../render-input';
import { Renderer } from '../renderer';

/** The question and its answer as one JSON document, for programs. */
export class JsonRenderer extends Renderer {
  readonly format: string = 'json';
  readonly contentType: string = 'application/json; charset=utf-8';
  readonly fileExtension: string = 'json';
  readonly description: string = 'The flows and the address sets as a JSON document';

  render(input: RenderInput): string {
    return `${JSON.stringify(this.document(input), null, 2)}\n`;
  }

  protected document(input: RenderInput): Record<string, unknown> {
    return {
      catalog: input.catalog,
      profile: input.profile,
      since: input.since,
      parameters: input.parameters,
      addresses: input.addresses,
      flows: input.flows,
      removed: input.removed,
    };
  }
}
