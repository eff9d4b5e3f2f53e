import { mustHaveSecondFactor } from './policy';

describe('who must have a second factor', () => {
  it.each([
    [['admin'], true],
    [['coordinator'], true],
    [['supervisor'], true],
    [['student', 'supervisor'], true],
    [['student'], false],
    [['employer'], false],
    [[], false],
  ] as const)('with REQUIRE_SECOND_FACTOR on: %p → %p', (roles, must) => {
    expect(mustHaveSecondFactor(roles, true)).toBe(must);
  });

  it('is no one while REQUIRE_SECOND_FACTOR is off', () => {
    expect(mustHaveSecondFactor(['admin', 'coordinator', 'supervisor'], false)).toBe(false);
  });
});
