import { auditMonths, pastRetention } from './retention';

describe('pastRetention', () => {
  const today = '2026-06-15';

  it('takes a person whose only enrolment ended more than the period ago', () => {
    expect(pastRetention([{ personId: 1, endDate: '2026-03-14' }], today, 3)).toEqual([1]);
  });

  it('keeps a person whose enrolment ended exactly the period ago or later', () => {
    expect(pastRetention([{ personId: 1, endDate: '2026-03-15' }], today, 3)).toEqual([]);
    expect(pastRetention([{ personId: 1, endDate: '2026-05-01' }], today, 3)).toEqual([]);
  });

  it('keeps a person while any one of their enrolments is within the period or still running', () => {
    const ends = [
      { personId: 1, endDate: '2024-01-31' },
      { personId: 1, endDate: '2026-12-31' },
      { personId: 2, endDate: '2024-01-31' },
      { personId: 2, endDate: '2025-02-28' },
    ];
    expect(pastRetention(ends, today, 12)).toEqual([2]);
  });

  it('counts calendar months, so a short month does not cut the period early', () => {
    expect(pastRetention([{ personId: 1, endDate: '2026-01-31' }], '2026-02-28', 1)).toEqual([]);
    expect(pastRetention([{ personId: 1, endDate: '2026-01-31' }], '2026-03-01', 1)).toEqual([1]);
  });
});

describe('auditMonths', () => {
  it('keeps the audit log at least 24 months, longer when retention is longer', () => {
    expect(auditMonths(undefined)).toBe(24);
    expect(auditMonths(6)).toBe(24);
    expect(auditMonths(36)).toBe(36);
  });
});
