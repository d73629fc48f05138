/** The unified social credit code check (GB 32100-2015), as a table and as a property. */
import { expect } from 'chai';
import { checkUnifiedSocialCreditCode } from '../src/tenants/tax-id';

/** The code's alphabet: 0-9 and A-Z without I, O, S, V, Z (31 characters). */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('checkUnifiedSocialCreditCode (统一社会信用代码, GB 32100-2015)', () => {
  const table: Array<[string, string, string | RegExp]> = [
    // [input, what, expected taxId or the reason's pattern]
    ['91110108551385082Q', 'a company in Beijing (published on its business licence)', '91110108551385082Q'],
    ['91350100M000100Y43', 'the standard’s own example', '91350100M000100Y43'],
    ['91350100m000100y43', 'typed in lower case', '91350100M000100Y43'],
    ['9135 0100-M000 100Y43', 'typed with spaces and hyphens', /without spaces or hyphens/],
    ['9135\n0100M000100Y43', 'a line break inside', /without spaces or hyphens/],
    ['91350100M000100Y4A', 'a wrong check character', /check character/],
    ['91350100M000100Y44', 'another wrong check character', /check character/],
    ['91350100M000100Y4', '17 characters', /18-character.*got 17/],
    ['913501000M000100Y43', '19 characters', /18-character.*got 19/],
    ['91350100M000I00Y43', 'the letter I, which the code never uses', /not a unified social credit code/],
    ['9135O100M000100Y43', 'a letter among the 6 digits of the region', /not a unified social credit code/],
  ];
  for (const [input, what, expected] of table) {
    it(`${what}: ${input}`, () => {
      const r = checkUnifiedSocialCreditCode(input);
      if (typeof expected === 'string') expect(r).to.deep.equal({ ok: true, taxId: expected });
      else {
        expect(r.ok).to.equal(false);
        expect((r as { reason: string }).reason).to.match(expected);
      }
    });
  }

  it('catches every single-character mistake in a valid code (mod-31 weights are all prime to 31)', () => {
    const valid = '91110108551385082Q';
    let refused = 0;
    for (let i = 0; i < 18; i++) {
      for (const c of ALPHABET) {
        if (c === valid[i]) continue;
        if (i < 8 && !/\d/.test(c)) continue; // registration and region positions are digits
        const typo = valid.slice(0, i) + c + valid.slice(i + 1);
        expect(checkUnifiedSocialCreditCode(typo).ok, typo).to.equal(false);
        refused++;
      }
    }
    expect(refused).to.equal(8 * 9 + 10 * 30);
  });
});
