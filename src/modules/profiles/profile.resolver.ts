import { Args, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { CatalogVersionModel } from '../catalogs/models/catalog-version.model';
import { ProfileInput } from './dto/profile.input';
import { RoleAddressSetModel, toRoleAddressSets } from './models/address-set.model';
import { ProfileModel, ProfileParamModel, toProfileParams } from './models/profile.model';
import { ProfileCatalogLoader } from './profile-catalog.loader';
import { ProfileService } from './profile.service';

const EXPECTED_REVISION = {
  type: () => Int,
  nullable: true,
  description: 'Write only if the profile is at this revision (like REST If-Match)',
} as const;

@Resolver(() => ProfileModel)
export class ProfileResolver {
  constructor(
    private readonly profileService: ProfileService,
    private readonly loader: ProfileCatalogLoader,
  ) {}

  @Query(() => [ProfileModel], { description: 'Profiles, by name' })
  profiles(): Promise<ProfileModel[]> {
    return this.profileService.listProfiles();
  }

  @Query(() => ProfileModel, {
    nullable: true,
    description:
      'One profile. Null when there is none, with NOT_FOUND in errors, so the other fields of the query still answer',
  })
  profile(@Args('name', { description: "The profile's name" }) name: string): Promise<ProfileModel> {
    return this.profileService.getProfile(name);
  }

  @Mutation(() => ProfileModel, { description: 'Create or replace a profile (editor)' })
  @RequireScope('editor')
  async putProfile(
    @Args('name', { description: 'The profile\'s name: 1-128 letters, digits, ".", "_" and "-"' }) name: string,
    @Args('input', { description: 'The whole profile' }) input: ProfileInput,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<ProfileModel> {
    return (await this.profileService.putProfile(name, input, expectedRevision ?? undefined, actor)).profile;
  }

  @Mutation(() => Boolean, { description: 'Delete a profile; NOT_FOUND when there is none (editor)' })
  @RequireScope('editor')
  deleteProfile(
    @Args('name', { description: "The profile's name" }) name: string,
    @Args('expectedRevision', EXPECTED_REVISION) expectedRevision: number | null | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<boolean> {
    return this.profileService.deleteProfile(name, expectedRevision ?? undefined, actor);
  }

  @ResolveField(() => [ProfileParamModel], { description: 'Parameter values given by the profile' })
  params(@Parent() profile: ProfileModel): ProfileParamModel[] {
    return toProfileParams(profile.params);
  }

  @ResolveField(() => [RoleAddressSetModel], { description: 'Address sets, by role' })
  addresses(@Parent() profile: ProfileModel): RoleAddressSetModel[] {
    return toRoleAddressSets(profile.addresses);
  }

  @ResolveField(() => CatalogVersionModel, {
    nullable: true,
    description: 'The catalog version the profile resolves to now',
  })
  catalog(@Parent() profile: ProfileModel): Promise<CatalogVersionModel> | null {
    return profile.resolvedVersion === null ? null : this.loader.versions.load(profile.resolvedVersion);
  }
}
