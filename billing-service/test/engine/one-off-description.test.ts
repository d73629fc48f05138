import { expect } from 'chai';
import { splitBilingual } from '../../src/engine/one-off.rule';

describe('one-off descriptions', () => {
  it('puts each half of a bilingual description in its own language', () => {
    expect(splitBilingual("耳麦损坏 / headset damage at the maker's quote")).to.deep.equal(['耳麦损坏', "headset damage at the maker's quote"]);
  });
  it('uses a one-language description for both', () => {
    expect(splitBilingual('定制 IVR 开发')).to.deep.equal(['定制 IVR 开发', '定制 IVR 开发']);
  });
});
