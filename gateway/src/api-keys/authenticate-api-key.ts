/**
 * Who is calling: a bearer token → an active API key → the Actor passed to the services.
 * On the hot path, so verified keys are cached for a few seconds (bounded in size); a
 * revocation in this process takes effect at once, in another replica within the cache TTL
 * (docs/decisions/0014-api-key-cache.md).
 */
import type { Actor } from '@seatlease/shared';
import type { ApiKeyRecord, ApiKeyRepository } from './api-key.repository';
import { hashToken } from './api-key.tokens';

export interface AuthenticatedKey {
  id: string;
  actor: Actor;
  /** The actor as the ASCII-only JSON header value the services read. */
  actorHeader: string;
}

/** Header values must be Latin-1: escape everything beyond ASCII (names may be Chinese). */
function actorHeaderValue(actor: Actor): string {
  return JSON.stringify(actor).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function toAuthenticatedKey(key: ApiKeyRecord): AuthenticatedKey {
  const actor: Actor = { keyId: key.id, role: key.role, tenantId: key.tenantId, name: key.name };
  if (key.agentId !== null) actor.agentId = key.agentId;
  return { id: key.id, actor, actorHeader: actorHeaderValue(actor) };
}

/** How long another replica may still accept a key revoked elsewhere. */
export const API_KEY_CACHE_TTL_MS = 5_000;
const CACHE_MAX_ENTRIES = 10_000;
/** Tokens longer than this are not ours; refuse before hashing. */
const MAX_TOKEN_LENGTH = 512;

export interface ApiKeyCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  /** The clock of the cache (tests). */
  now?: () => number;
}

export class ApiKeyAuthenticator {
  private readonly cache = new Map<string, { key: AuthenticatedKey; expiresAtMs: number }>();
  /**
   * Bumped by every `forget`: a database lookup that started before a revocation must not
   * put the key it read (still active then) back into the cache when it finishes after it.
   */
  private revocations = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly repo: Pick<ApiKeyRepository, 'findByTokenHash'>,
    options: ApiKeyCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? API_KEY_CACHE_TTL_MS;
    this.maxEntries = options.maxEntries ?? CACHE_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  /**
   * The active key for a token, or null (unknown or revoked: the caller answers 401).
   * Synchronous when the cache can answer (the hot path), a promise when the database must.
   */
  lookup(token: string): AuthenticatedKey | null | Promise<AuthenticatedKey | null> {
    if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
    const tokenHash = hashToken(token);
    const cached = this.cache.get(tokenHash);
    if (cached && cached.expiresAtMs > this.now()) return cached.key;
    return this.load(tokenHash);
  }

  async authenticate(token: string): Promise<AuthenticatedKey | null> {
    return this.lookup(token);
  }

  private async load(tokenHash: string): Promise<AuthenticatedKey | null> {
    const epoch = this.revocations;
    const record = await this.repo.findByTokenHash(tokenHash);
    if (!record || record.revokedAt !== null) {
      this.cache.delete(tokenHash);
      return null;
    }
    const key = toAuthenticatedKey(record);
    if (epoch === this.revocations) {
      // A limit on everything: when full, start over rather than grow.
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(tokenHash, { key, expiresAtMs: this.now() + this.ttlMs });
    }
    return key;
  }

  /** Forgets a key at once (after revocation). */
  forget(keyId: string): void {
    this.revocations++;
    for (const [hash, entry] of this.cache) if (entry.key.id === keyId) this.cache.delete(hash);
  }
}
