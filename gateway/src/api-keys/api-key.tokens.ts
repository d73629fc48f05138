/** API key tokens: `sl_` + 32 random bytes (base64url), shown once, stored as sha256 hex. */
import crypto, { createHash, randomBytes } from 'node:crypto';

const TOKEN_PREFIX = 'sl_';
const TOKEN_RANDOM_BYTES = 32;

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_RANDOM_BYTES).toString('base64url')}`;
}

/** One-shot `crypto.hash` where Node has it (≥ 20.12): no Hash object per request. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function hashToken(token: string): string {
  return oneShot ? oneShot('sha256', token, 'hex') : createHash('sha256').update(token, 'utf8').digest('hex');
}
