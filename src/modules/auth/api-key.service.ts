import { isUUID } from 'class-validator';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationFailedError,
} from '../../common/errors/domain-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { Prisma } from '../../database/generated/client';
import type { Actor, Principal } from './actor';
import { ApiKeyScope, highestScope, normalizeScopes, scopesInclude } from './api-key-scope';
import { generateApiKey, hashApiKey, prefixOfApiKey, sameHash } from './api-key-secret';
import { ApiKeyRepository, type ApiKeyRow } from './api-key.repository';
import type { CreateApiKeyInput } from './dto/create-api-key.input';
import type { ApiKeyModel, CreatedApiKeyModel } from './models/api-key.model';

/** A key's lastUsedAt is written at most this often, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;
/** Longer than any key this service issues or ADMIN_API_KEY may be; longer is refused unread. */
const MAX_PRESENTED_KEY_LENGTH = 1024;
const BOOTSTRAP: Principal = { kind: 'bootstrap', scopes: [ApiKeyScope.admin] };
const INVALID_TOKEN = 'Bearer error="invalid_token"';

/** API keys: creating, listing, revoking them, and telling who a request's key belongs to. */
@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger('ApiKeyService');
  /** SHA-256 of ADMIN_API_KEY, computed once; the key itself is never stored. */
  private readonly bootstrapHash: Buffer | undefined;
  /** When this instance last wrote each key's lastUsedAt. */
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly repository: ApiKeyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.bootstrapHash = config.adminApiKey === undefined ? undefined : hashApiKey(config.adminApiKey);
    if (this.bootstrapHash === undefined) {
      this.logger.warn('ADMIN_API_KEY is not set: only API keys stored already can write or manage keys');
    }
  }

  async listKeys(): Promise<ApiKeyModel[]> {
    return (await this.repository.list()).map(toApiKeyModel);
  }

  /** A new key; the answer is the only place its value ever appears. */
  async createKey(input: CreateApiKeyInput, actor: Actor): Promise<CreatedApiKeyModel> {
    const expiresAt = input.expiresAt ?? null;
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
      throw new ValidationFailedError('expiresAt', 'expiresAt must be in the future');
    }
    const scopes = normalizeScopes(input.scopes);
    for (let attempt = 1; ; attempt++) {
      const { key, prefix, hash } = generateApiKey();
      try {
        const row = await this.repository.create({ name: input.name, prefix, hash, scopes, expiresAt }, actor);
        const { revokedAt: _revoked, lastUsedAt: _used, ...created } = toApiKeyModel(row);
        return { ...created, key };
      } catch (error) {
        // Two keys with one 8-character prefix: about one chance in 10^14 per pair.
        if (attempt < 3 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  /** Revokes the key (once; revoking it again changes nothing); NOT_FOUND when there is none. */
  async revokeKey(id: string, actor: Actor): Promise<ApiKeyModel> {
    const row = isUUID(id) ? await this.repository.revoke(id, new Date(), actor) : null;
    if (row === null) throw new NotFoundError('api-key', id, `API key "${id}" not found`);
    this.touchedAt.delete(id);
    return toApiKeyModel(row);
  }

  /**
   * Who an `Authorization` header belongs to: the bootstrap key (ADMIN_API_KEY), or a stored
   * key that is neither revoked nor expired. Throws UnauthenticatedError otherwise.
   */
  async authenticate(authorization: unknown): Promise<Principal> {
    const presented = bearerTokenOf(authorization);
    const hash = hashApiKey(presented);
    if (this.bootstrapHash !== undefined && sameHash(hash, this.bootstrapHash)) return BOOTSTRAP;
    const prefix = prefixOfApiKey(presented);
    const row = prefix === undefined ? null : await this.repository.findByPrefix(prefix);
    if (row === null || !sameHash(hash, row.hash)) {
      throw new UnauthenticatedError('the API key is not valid', INVALID_TOKEN);
    }
    if (row.revokedAt !== null) {
      throw new UnauthenticatedError(`the API key "${row.name}" was revoked`, INVALID_TOKEN);
    }
    const now = Date.now();
    if (row.expiresAt !== null && row.expiresAt.getTime() <= now) {
      throw new UnauthenticatedError(
        `the API key "${row.name}" expired at ${row.expiresAt.toISOString()}`,
        INVALID_TOKEN,
      );
    }
    await this.recordUse(row.id, row.lastUsedAt, now);
    return { kind: 'api-key', keyId: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes };
  }

  /** Throws ForbiddenError unless the principal's scopes include `required`. */
  authorize(principal: Principal, required: ApiKeyScope): void {
    if (scopesInclude(principal.scopes, required)) return;
    const has = highestScope(principal.scopes);
    throw new ForbiddenError(
      `this operation needs an API key with the "${required}" scope; this key has ${has ? `"${has}"` : 'none'}`,
      { requiredScope: required },
    );
  }

  /** Writes lastUsedAt when the stored one (or this instance's last write) is a minute old. */
  private async recordUse(id: string, stored: Date | null, now: number): Promise<void> {
    const last = Math.max(stored?.getTime() ?? 0, this.touchedAt.get(id) ?? 0);
    if (now - last < LAST_USED_RESOLUTION_MS) return;
    this.touchedAt.set(id, now);
    try {
      await this.repository.touch(id, new Date(now), new Date(now - LAST_USED_RESOLUTION_MS));
    } catch (error) {
      // Bookkeeping only: a failure here must not refuse a valid key.
      this.logger.warn(`could not record the use of API key ${id}: ${(error as Error).message}`);
    }
  }
}

/** The token of `Bearer <token>`; a missing or malformed header is an UnauthenticatedError. */
function bearerTokenOf(authorization: unknown): string {
  if (authorization === undefined || authorization === '') {
    throw new UnauthenticatedError('an API key is required: send "Authorization: Bearer <api key>"');
  }
  const text = typeof authorization === 'string' ? authorization.trim() : '';
  const space = text.indexOf(' ');
  const token = space < 0 ? '' : text.slice(space + 1).trim();
  if (text.slice(0, space).toLowerCase() !== 'bearer' || token === '' || token.length > MAX_PRESENTED_KEY_LENGTH) {
    throw new UnauthenticatedError(
      'the Authorization header is malformed: expected "Bearer <api key>"',
      'Bearer error="invalid_request"',
    );
  }
  return token;
}

function toApiKeyModel(row: ApiKeyRow): ApiKeyModel {
  return { ...row, scopes: normalizeScopes(row.scopes) };
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
