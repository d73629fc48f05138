/** API key tokens: `sl_` + 32 random bytes (base64url), shown once, stored as sha256 hex. */
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'sl_';
const TOKEN_RANDOM_BYTES = 32;

export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_RANDOM_BYTES).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
