import { compareText } from '../../core/compare-text';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrorResponses, responseHeaders } from '../../common/openapi/api-responses';
import { PROFILE_NAME_PARAM } from './dto/profile.openapi';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireScope } from '../auth/require-scope.decorator';
import { ProfileInput } from './dto/profile.input';
import { ProfileListModel, ProfileModel } from './models/profile.model';
import { ProfileService } from './profile.service';
import { revisionETag, withRevisionETag } from '../../common/http/conditional-response';
import { parseIfMatch } from '../../common/http/if-match';
import { CURSOR_QUERY, LIMIT_QUERY, pageList, type ListPaging } from '../../common/http/paging';

/** Profiles page by name, the order of their list. */
const PROFILE_PAGING: ListPaging<ProfileModel, string> = {
  keyOf: (profile) => profile.name,
  compare: compareText,
  readKey: (value) => (typeof value === 'string' ? value : undefined),
};

const NAME_PARAM = PROFILE_NAME_PARAM;
const BAD_NAME: [400, string] = [400, 'The name is not a valid profile name (VALIDATION_FAILED)'];
const NOT_FOUND: [404, string] = [404, 'No such profile (NOT_FOUND, kind profile)'];
const STALE: [412, string] = [412, 'If-Match does not hold (PRECONDITION_FAILED)'];

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
  @ApiOperation({
    summary: 'Profiles, by name',
    description: 'Every profile with its parameter values, the version it follows and its address sets.',
  })
  @ApiQuery(LIMIT_QUERY)
  @ApiQuery(CURSOR_QUERY)
  @ApiOkResponse({ type: ProfileListModel, headers: responseHeaders('Link') })
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
  @ApiOperation({
    summary: 'One profile, with the catalog version it resolves to now',
    description: 'A profile that follows "latest" resolves to the newest published version at the time of the request.',
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ProfileModel, headers: responseHeaders('ETag') })
  @ApiErrorResponses(BAD_NAME, NOT_FOUND)
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
  @ApiErrorResponses(
    [400, 'A name or value that does not fit; the message names it (VALIDATION_FAILED, details.field)'],
    [404, 'No such catalog version (NOT_FOUND, kind catalog-version)'],
    STALE,
    413,
  )
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
  @ApiOperation({
    summary: 'Delete a profile',
    description: 'With If-Match, only if the profile is still at that revision.',
  })
  @ApiParam(NAME_PARAM)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrorResponses(BAD_NAME, NOT_FOUND, STALE)
  async deleteProfile(
    @Param('name') name: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
  ): Promise<void> {
    await this.profiles.deleteProfile(name, parseIfMatch(ifMatch, 'a profile revision'), actor);
  }
}
