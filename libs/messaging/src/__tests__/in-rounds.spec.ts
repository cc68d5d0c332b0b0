import { inRounds } from '../outbox.js';

describe('inRounds', () => {
  it('puts the r-th item of each entity in round r, keeping order, and leaves out items without a key', () => {
    const items = [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
      { id: 'a', n: 3 },
      { id: 'skip', n: 4 },
      { id: 'a', n: 5 },
      { id: 'b', n: 6 },
    ];
    const rounds = inRounds(items, (i) => (i.id === 'skip' ? undefined : i.id));
    expect(rounds.map((r) => r.map((i) => i.n))).toEqual([[1, 2], [3, 6], [5]]);
  });

  it('gives no round for no items', () => {
    expect(inRounds([], () => 'x')).toEqual([]);
  });
});
