/** List API keys (staff), newest first, without tokens. */
import type { ApiKeyRepository } from './api-key.repository';
import { apiKeyView, type ApiKeyView } from './api-key.view';

/** A limit on everything: far more keys than any deployment has. */
export const API_KEY_LIST_LIMIT = 1000;

export async function listApiKeys(keys: ApiKeyRepository): Promise<{ data: ApiKeyView[] }> {
  return { data: (await keys.list(API_KEY_LIST_LIMIT)).map(apiKeyView) };
}
