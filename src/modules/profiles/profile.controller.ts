import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPreconditionFailedResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { ProfileInput } from './dto/profile.input';
import { ProfileListModel, ProfileModel } from './models/profile.model';
import { PROFILE_NAME_PATTERN } from './profile-command';
import { ProfileService } from './profile.service';
import { revisionETag, withRevisionETag } from '../../common/http/conditional-response';
import { parseIfMatch } from '../../common/http/if-match';
import { CURSOR_QUERY, LIMIT_QUERY, pageList, type ListPaging } from '../../common/http/paging';

/** Profiles page by name, the order of their list. */
const PROFILE_PAGING: ListPaging<ProfileModel, string> = {
  keyOf: (profile) => profile.name,
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
  readKey: (value) => (typeof value === 'string' ? value : undefined),
};

const NAME_PARAM = {
  name: 'name',
  description: 'The profile name: 1-128 letters, digits, ".", "_" and "-", starting with a letter or digit',
  schema: { type: 'string', pattern: PROFILE_NAME_PATTERN.source },
} as const;

const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'Write only if the profile is at this revision ("3" or 3), or exists at all (*); 412 otherwise',
};

/**
 * Writes need the `editor` scope: profiles are kept by catalog owners and by the pipelines
 * that render firewall rules from them, and they change what those rules allow, so a
 * `reader` key (dashboards, consumers of artifacts) must not change them, while neither
 * publishing catalogs nor managing keys should be needed for it.
 */
@ApiTags('profiles')
@Controller('api/v1/profiles')
export class ProfileController {
  constructor(private readonly profiles: ProfileService) {}

  @Get()
  @ApiOperation({ summary: 'Profiles, by name' })
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(CURSOR_QUERY)
  @ApiOkResponse({ type: ProfileListModel })
  async listProfiles(
    @Query('limit') limit: string | undefined,
    @Query('cursor') cursor: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProfileListModel> {
    const { items, nextCursor } = pageList(reply, await this.profiles.listProfiles(), PROFILE_PAGING, {
      limit,
      cursor,
    });
    return { profiles: items, nextCursor };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One profile, with the catalog version it resolves to now' })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ProfileModel })
  @ApiBadRequestResponse({ description: 'The name is not a valid profile name' })
  @ApiNotFoundResponse({ description: 'No such profile (NOT_FOUND, kind profile)' })
  async getProfile(
    @Param('name') name: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProfileModel | undefined> {
    const profile = await this.profiles.getProfile(name);
    return withRevisionETag(reply, profile.revision, profile);
  }

  @Put(':name')
  @RequireScope('editor')
  @ApiOperation({
    summary: 'Create or replace a profile',
    description:
      'Every parameter and role must be one of the catalog version the profile follows, every value fit its type ' +
      'and every CIDR be an IPv4 or IPv6 network. Replacing bumps the revision.',
  })
  @ApiParam(NAME_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiCreatedResponse({ type: ProfileModel, description: 'Created' })
  @ApiOkResponse({ type: ProfileModel, description: 'Replaced' })
  @ApiBadRequestResponse({ description: 'A value that does not fit; the message names it (VALIDATION_FAILED)' })
  @ApiNotFoundResponse({ description: 'No such catalog version (NOT_FOUND, kind catalog-version)' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not hold (PRECONDITION_FAILED)' })
  async putProfile(
    @Param('name') name: string,
    @Body() input: ProfileInput,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProfileModel> {
    const expected = parseIfMatch(ifMatch, 'a profile revision');
    const { profile, created } = await this.profiles.putProfile(name, input, expected, actor);
    void reply.status(created ? 201 : 200).header('ETag', revisionETag(profile.revision, profile));
    return profile;
  }

  @Delete(':name')
  @RequireScope('editor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a profile' })
  @ApiParam(NAME_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'The name is not a valid profile name' })
  @ApiNotFoundResponse({ description: 'No such profile (NOT_FOUND, kind profile)' })
  @ApiPreconditionFailedResponse({ description: 'If-Match does not hold (PRECONDITION_FAILED)' })
  async deleteProfile(
    @Param('name') name: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.profiles.deleteProfile(name, parseIfMatch(ifMatch, 'a profile revision'), actor);
  }
}
