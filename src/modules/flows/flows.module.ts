import { Module } from '@nestjs/common';
import { CatalogsModule } from '../catalogs/catalogs.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { FlowQueryService } from './flow-query.service';
import { FlowController } from './flow.controller';
import { FlowResolver } from './flow.resolver';
import { ProfileFlowController } from './profile-flow.controller';

@Module({
  imports: [CatalogsModule, ProfilesModule],
  controllers: [FlowController, ProfileFlowController],
  providers: [FlowQueryService, FlowResolver],
  exports: [FlowQueryService],
})
export class FlowsModule {}
