import { CallGroups, type Settled } from './call-groups';

/** A run whose groups stay open until the test ends them, one by one. */
function heldRun() {
  const groups: { items: number[]; end: (settled?: Settled<string>[]) => void; fail: (error: Error) => void }[] = [];
  const run = (items: number[]) =>
    new Promise<Settled<string>[]>((resolve, reject) => {
      groups.push({ items, end: (settled) => resolve(settled ?? items.map((i) => ({ value: `r${i}` }))), fail: reject });
    });
  return { groups, run };
}
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('CallGroups', () => {
  it('sends a call at once while a group is free, and the calls that arrive meanwhile together', async () => {
    const { groups, run } = heldRun();
    const calls = new CallGroups(1, 10, run);
    const first = calls.call(1);
    const rest = [2, 3, 4].map((i) => calls.call(i));
    expect(groups.map((g) => g.items)).toEqual([[1]]);
    groups[0].end();
    expect(await first).toBe('r1');
    await flush();
    expect(groups.map((g) => g.items)).toEqual([[1], [2, 3, 4]]);
    groups[1].end();
    expect(await Promise.all(rest)).toEqual(['r2', 'r3', 'r4']);
  });

  it('runs up to `inFlight` groups at once and never more than `maxGroup` calls in one', async () => {
    const { groups, run } = heldRun();
    const calls = new CallGroups(2, 2, run);
    const all = [1, 2, 3, 4, 5, 6].map((i) => calls.call(i));
    expect(groups.map((g) => g.items)).toEqual([[1], [2]]);
    groups[0].end();
    await flush();
    expect(groups.map((g) => g.items)).toEqual([[1], [2], [3, 4]]);
    groups[1].end();
    await flush();
    groups[2].end();
    await flush();
    expect(groups.map((g) => g.items)).toEqual([[1], [2], [3, 4], [5, 6]]);
    groups[3].end();
    expect(await Promise.all(all)).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  });

  it('gives each call its own outcome: one refusal leaves the others answered', async () => {
    const { groups, run } = heldRun();
    const calls = new CallGroups(1, 10, run);
    const blocker = calls.call(0);
    const outcomes = Promise.allSettled([1, 2, 3].map((i) => calls.call(i)));
    groups[0].end();
    await blocker;
    await flush();
    groups[1].end([{ value: 'one' }, { error: new Error('two refused') }, { value: 'three' }]);
    expect(await outcomes).toEqual([
      { status: 'fulfilled', value: 'one' },
      { status: 'rejected', reason: new Error('two refused') },
      { status: 'fulfilled', value: 'three' },
    ]);
  });

  it('rejects every call of a group that fails as a whole, and goes on with the next', async () => {
    const { groups, run } = heldRun();
    const calls = new CallGroups(1, 10, run);
    const failed = Promise.allSettled([calls.call(1)]);
    const next = calls.call(2);
    groups[0].fail(new Error('connection lost'));
    expect(await failed).toEqual([{ status: 'rejected', reason: new Error('connection lost') }]);
    await flush();
    groups[1].end();
    expect(await next).toBe('r2');
  });

  it('rejects a call the group gave no outcome for instead of leaving it waiting', async () => {
    const calls = new CallGroups(1, 10, async () => []);
    await expect(calls.call(1)).rejects.toThrow('no outcome');
  });
});
