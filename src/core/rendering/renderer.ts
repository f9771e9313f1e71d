import type { RenderInput } from './render-input';

/**
 * One output format, as Aerleon's generators are one platform each: a name, what it is
 * served as, and a pure function from the resolved flows to text. Variants of a format
 * are small subclasses overriding what differs.
 */
export abstract class Renderer {
  /** The `{format}` of the artifact endpoints, e.g. "iptables". */
  abstract readonly format: string;
  abstract readonly contentType: string;
  /** Without the dot, e.g. "rules" or "tf". */
  abstract readonly fileExtension: string;
  abstract readonly description: string;

  abstract render(input: RenderInput): string;
}
