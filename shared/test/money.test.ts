import { expect } from 'chai';
import { roundHalfUp, formatYuan } from '../src/money';

describe('money', () => {
  it('rounds half-up at .5 boundaries, away from zero for credits', () => {
    expect(roundHalfUp(200000n, 30n)).to.equal(6667); // 6666.67
    expect(roundHalfUp(13333n, 2n)).to.equal(6667); // 6666.5
    expect(roundHalfUp(13331n, 2n)).to.equal(6666); // 6665.5 → 6666
    expect(roundHalfUp(-13333n, 2n)).to.equal(-6667);
    expect(roundHalfUp(49n, 100n)).to.equal(0);
    expect(roundHalfUp(50n, 100n)).to.equal(1);
    expect(roundHalfUp(7n, -2n)).to.equal(-4);
  });
  it('formats yuan', () => {
    expect(formatYuan(200000)).to.equal('¥2,000.00');
    expect(formatYuan(-120000)).to.equal('-¥1,200.00');
    expect(formatYuan(5)).to.equal('¥0.05');
  });
});
