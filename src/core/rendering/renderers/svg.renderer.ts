import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import type { RenderInput } from '../render-input';
import { DotRenderer } from './dot.renderer';

/** What the SVG renderer needs of Graphviz: a loaded instance's synchronous `dot` layout. */
export type GraphvizLayout = Pick<Graphviz, 'dot'>;

/**
 * The DOT graph drawn as SVG in-process, by Graphviz compiled to WebAssembly
 * (@hpcc-js/wasm-graphviz), so no Graphviz install is needed where the service runs.
 *
 * Loading the WebAssembly is asynchronous and happens once; drawing is synchronous. So the
 * renderer is given a loaded Graphviz and `render` stays pure and synchronous like every
 * other renderer's: build it with `await SvgRenderer.create()` (the registry does so when it
 * is created), or with `new SvgRenderer(graphviz)` around an instance loaded elsewhere.
 * The output is deterministic for a given Graphviz version, which it names in a comment.
 */
export class SvgRenderer extends DotRenderer {
  override readonly format = 'svg';
  override readonly contentType = 'image/svg+xml';
  override readonly fileExtension = 'svg';
  override readonly description = 'The graph of the roles and flows drawn as SVG (Graphviz, in-process)';

  constructor(private readonly graphviz: GraphvizLayout) {
    super();
  }

  /** Loads Graphviz (once per process: later calls reuse the compiled module) and returns a renderer. */
  static async create(): Promise<SvgRenderer> {
    const { Graphviz } = await import('@hpcc-js/wasm-graphviz');
    return new SvgRenderer(await Graphviz.load());
  }

  override render(input: RenderInput): string {
    return this.graphviz.dot(super.render(input), 'svg');
  }
}
