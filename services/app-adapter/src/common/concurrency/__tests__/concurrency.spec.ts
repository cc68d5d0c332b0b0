import { KeyedMutex } from '../keyed-mutex.js';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('KeyedMutex', () => {
  it('runs tasks of one key one at a time in arrival order, other keys in parallel, and forgets idle keys', async () => {
    const sut = new KeyedMutex();
    const order: string[] = [];
    const gate = deferred();
    const a1 = sut.run('pub-a', async () => {
      order.push('a1 start');
      await gate.promise;
      order.push('a1 end');
    });
    const a2 = sut.run('pub-a', async () => {
      order.push('a2');
    });
    const b1 = sut.run('pub-b', async () => {
      order.push('b1');
    });
    await b1;
    expect(order).toEqual(['a1 start', 'b1']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
    expect(sut.size).toBe(0);
  });

  it('keeps going after a failed task', async () => {
    const sut = new KeyedMutex();
    const failed = sut.run('k', () => Promise.reject(new Error('x')));
    const next = sut.run('k', () => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('x');
    await expect(next).resolves.toBe('ok');
  });
});
