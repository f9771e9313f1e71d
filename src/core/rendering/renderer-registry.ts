import type { Renderer } from './renderer';

export class DuplicateRendererError extends Error {
  override readonly name = 'DuplicateRendererError';

  constructor(readonly format: string) {
    super(`two renderers claim the format "${format}"`);
  }
}

/** The renderers by format; building it fails when two claim the same format. */
export class RendererRegistry {
  private readonly byFormat = new Map<string, Renderer>();

  constructor(renderers: readonly Renderer[]) {
    for (const renderer of renderers) {
      if (this.byFormat.has(renderer.format)) throw new DuplicateRendererError(renderer.format);
      this.byFormat.set(renderer.format, renderer);
    }
  }

  get(format: string): Renderer | undefined {
    return this.byFormat.get(format);
  }

  all(): readonly Renderer[] {
    return [...this.byFormat.values()];
  }
}
