import type { Actor } from '../auth/actor';
import type { CatalogAudit } from './catalog.repository';

/** Who an audit event names: the key's id (never the key) and the request. */
export function auditOf({ principal, requestId }: Actor): CatalogAudit {
  return {
    actorKeyId: principal.kind === 'api-key' ? principal.keyId : null,
    requestId: requestId ?? null,
    action: principal.kind === 'bootstrap' ? ':bootstrap' : '',
  };
}
