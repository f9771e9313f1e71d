import { Module } from '@nestjs/common';
import { RendererRegistry } from '../../core/rendering/renderer-registry';
import { createRenderers } from '../../core/rendering/renderers';
import { FlowsModule } from '../flows/flows.module';
import { RenderingController } from './rendering.controller';
import { RenderingResolver } from './rendering.resolver';
import { RenderingService } from './rendering.service';

@Module({
  imports: [FlowsModule],
  controllers: [RenderingController],
  providers: [
    // Built once at start (the SVG renderer loads Graphviz as WebAssembly).
    { provide: RendererRegistry, useFactory: createRenderers },
    RenderingService,
    RenderingResolver,
  ],
  exports: [RenderingService, RendererRegistry],
})
export class RenderingModule {}
