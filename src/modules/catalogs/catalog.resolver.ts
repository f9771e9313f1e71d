import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CatalogVersionLoader } from './catalog-version.loader';
import { CatalogService } from './catalog.service';
import { CatalogVersionModel } from './models/catalog-version.model';
import { ParameterModel } from './models/parameter.model';
import { RoleDefinitionModel } from './models/role.model';

@Resolver(() => CatalogVersionModel)
export class CatalogResolver {
  constructor(
    private readonly catalogService: CatalogService,
    private readonly loader: CatalogVersionLoader,
  ) {}

  @Query(() => [CatalogVersionModel], { description: 'Catalog versions, newest first' })
  catalogs(): Promise<CatalogVersionModel[]> {
    return this.catalogService.listVersions();
  }

  @Query(() => CatalogVersionModel, {
    nullable: true,
    description:
      'One catalog version; "latest" is the newest published one. Null when there is none, with NOT_FOUND in errors, so the other fields of the query still answer',
  })
  catalog(
    @Args('version', {
      defaultValue: 'latest',
      description: 'A version label, or "latest" for the newest published one',
    })
    version: string,
  ): Promise<CatalogVersionModel> {
    return this.catalogService.getVersion(version);
  }

  @ResolveField(() => [RoleDefinitionModel], { description: 'The roles, with what each includes' })
  roles(@Parent() version: CatalogVersionModel): Promise<RoleDefinitionModel[]> {
    return this.loader.roles.load(version.id);
  }

  @ResolveField(() => [ParameterModel], {
    description: 'The parameters, with their types, allowed values and defaults',
  })
  parameters(@Parent() version: CatalogVersionModel): Promise<ParameterModel[]> {
    return this.loader.parameters.load(version.id);
  }
}
