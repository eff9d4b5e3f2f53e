import { memoised } from './memo';

describe('memoised', () => {
  it('computes each input once and gives the same answer again', () => {
    const seen: number[] = [];
    const double = memoised((n: number) => {
      seen.push(n);
      return n * 2;
    });
    expect([double(2), double(3), double(2), double(3)]).toEqual([4, 6, 4, 6]);
    expect(seen).toEqual([2, 3]);
  });

  it('remembers an answer that is undefined without computing it again', () => {
    let calls = 0;
    const nothing = memoised((_: string) => {
      calls += 1;
      return undefined;
    });
    nothing('a');
    nothing('a');
    expect(calls).toBe(1);
  });

  it('starts again from empty past its limit, so memory stays bounded', () => {
    const seen: number[] = [];
    const square = memoised((n: number) => {
      seen.push(n);
      return n * n;
    }, 2);
    square(1);
    square(2);
    square(3); // over the limit: forgets 1 and 2
    square(3);
    square(1);
    expect(seen).toEqual([1, 2, 3, 1]);
  });
});
