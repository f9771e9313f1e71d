import type { RenderInput } from './render-input';

/**
 * A limit of the target platform that an answer may not fit, e.g. the priorities of one
 * Azure network security group. Declared by the renderer, checked by whoever renders
 * before it renders, so that a caller gets a clear refusal rather than a broken artifact.
 */
export interface RenderLimit {
  /** What is counted, as a plural noun phrase: "Azure network security rules". */
  readonly counted: string;
  readonly max: number;
  /** How many the input needs. */
  count(input: RenderInput): number;
  /** What to ask for instead, e.g. "ask for fewer flows (other parameters, a role)". */
  readonly advice: string;
}

/** The first limit an input exceeds, with the count it needs; null when it fits them all. */
export interface ExceededLimit {
  readonly limit: RenderLimit;
  readonly count: number;
  readonly message: string;
}

/**
 * One output format, as Aerleon's generators are one platform each: a name, what it is
 * served as, the platform limits it must fit, and a pure function from the resolved flows
 * to text. Variants of a format are small subclasses overriding what differs.
 */
export abstract class Renderer {
  /** The `{format}` of the artifact endpoints, e.g. "iptables". */
  abstract readonly format: string;
  abstract readonly contentType: string;
  /** Without the dot, e.g. "rules" or "tf". */
  abstract readonly fileExtension: string;
  abstract readonly description: string;
  /** The platform's limits; render() may assume the input fits them (see exceededLimit). */
  readonly limits: readonly RenderLimit[] = [];
  /**
   * Whether the output depends on RenderInput.firewall (a host's view, allow or enforce):
   * the host firewall formats. The others are refused those options rather than ignore them.
   */
  readonly takesHostFirewall: boolean = false;

  abstract render(input: RenderInput): string;
}

/** Checks an input against a renderer's limits before it renders. */
export function exceededLimit(renderer: Renderer, input: RenderInput): ExceededLimit | null {
  for (const limit of renderer.limits) {
    const count = limit.count(input);
    if (count > limit.max) {
      return {
        limit,
        count,
        message: `${count} ${limit.counted} do not fit: ${renderer.format} allows at most ${limit.max}; ${limit.advice}`,
      };
    }
  }
  return null;
}
