import { Module } from '@nestjs/common';
import { FlowsModule } from '../flows/flows.module';
import { RenderingController } from './rendering.controller';
import { RenderingResolver } from './rendering.resolver';
import { RenderingService } from './rendering.service';

@Module({
  imports: [FlowsModule],
  controllers: [RenderingController],
  providers: [RenderingService, RenderingResolver],
})
export class RenderingModule {}
