import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('GroupCommit', () => {
  it('writes a lone item at once, and items arriving during a write together in the next, in order', async () => {
    const writes: number[][] = [];
    const gc = new GroupCommit<number>(async (items) => {
      writes.push([...items]);
      await tick();
    });
    const first = gc.add(1);
    expect(writes).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((n) => gc.add(n));
    await Promise.all([first, ...rest]);
    expect(writes).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('resolves a caller only after the write holding its item has finished', async () => {
    let finished = false;
    const gc = new GroupCommit<number>(async () => {
      await tick();
      finished = true;
    });
    await gc.add(1);
    expect(finished).toBe(true);
  });

  it('caps a batch', async () => {
    const sizes: number[] = [];
    const gc = new GroupCommit<number>(async (items) => {
      sizes.push(items.length);
      await tick();
    }, { maxBatch: 3 });
    await Promise.all(Array.from({ length: 8 }, (_, i) => gc.add(i)));
    expect(sizes).toEqual([1, 3, 3, 1]);
  });

  it('fails only the caller whose item cannot be written, and goes on', async () => {
    const written: number[] = [];
    const gc = new GroupCommit<number>(async (items) => {
      await tick();
      if (items.includes(3)) throw new Error('bad item');
      written.push(...items);
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => gc.add(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(written).toEqual([1, 2, 4]);
    await gc.add(5);
    expect(written).toEqual([1, 2, 4, 5]);
  });

  it('fails a whole batch at once when the failure is not an item\'s fault', async () => {
    let writes = 0;
    const gc = new GroupCommit<number>(async (items) => {
      writes++;
      await tick();
      if (items.length > 1) throw new Error('connection lost');
    }, { itemAtFault: (e) => !(e instanceof Error && e.message === 'connection lost') });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => gc.add(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    expect(writes).toBe(2);
  });
});
