import { paging } from './paging';

describe('paging', () => {
  it('shows fifty rows a page, saying which and linking the pages beside', () => {
    expect(paging('2', 120)).toEqual({ page: 2, count: 3, total: 120, from: 51, to: 100, previous: 1, next: 3, offset: 50, limit: 50 });
    expect(paging('3', 120)).toMatchObject({ from: 101, to: 120, previous: 2, next: undefined });
  });

  it('starts on the first page when no page, a malformed one or one below 1 is asked for', () => {
    for (const requested of [undefined, '', 'abc', '0', '-4', {}]) expect(paging(requested, 120)).toMatchObject({ page: 1, offset: 0, previous: undefined, next: 2 });
    expect(paging('2abc', 120).page).toBe(2);
  });

  it('shows the last page for a number past the end, never an empty one', () => {
    expect(paging('9', 120)).toMatchObject({ page: 3, from: 101, to: 120, next: undefined });
    expect(paging('99', 50)).toMatchObject({ page: 1, count: 1, from: 1, to: 50, previous: undefined, next: undefined });
  });

  it('has one empty page for an empty list', () => {
    expect(paging('3', 0)).toEqual({ page: 1, count: 1, total: 0, from: 0, to: 0, previous: undefined, next: undefined, offset: 0, limit: 50 });
  });
});
