/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015) a fapiao names its buyer by:
 * 18 characters from 0-9 and A-Z without I, O, S, V, Z, the last a check character (a weighted
 * sum mod 31). Checked with `stdnum` (MIT, maintained, no dependencies), not by hand.
 */
import { stdnum } from 'stdnum';
import { assert } from '@seatlease/shared';

// stdnum types its registry loosely (a record by country); the Chinese USCC validator is there.
const found = stdnum['CN']?.['uscc'];
assert(found !== undefined, 'stdnum has no CN.uscc validator');
const uscc = found;

export type TaxIdCheck = { ok: true; taxId: string } | { ok: false; reason: string };

/**
 * Letters are taken as upper case; anything else must be exactly the code (a space or hyphen
 * inside is refused, not guessed away: the fapiao prints the ID as stored).
 */
export function checkUnifiedSocialCreditCode(input: string): TaxIdCheck {
  const value = input.toUpperCase();
  if (/[\s-]/.test(value)) return { ok: false, reason: 'must be the 18 characters of the unified social credit code (统一社会信用代码), without spaces or hyphens' };
  if (value.length !== 18) return { ok: false, reason: `must be an 18-character unified social credit code (统一社会信用代码); got ${value.length} characters` };
  const result = uscc.validate(value);
  if (result.isValid) return { ok: true, taxId: result.compact };
  const name = result.error.name;
  if (name === 'InvalidChecksum') return { ok: false, reason: 'is not a unified social credit code: its check character (the 18th) does not match (GB 32100-2015)' };
  return { ok: false, reason: 'is not a unified social credit code: 8 digits, then 9 characters from 0-9 and A-Z without I, O, S, V, Z, then the check character' };
}
