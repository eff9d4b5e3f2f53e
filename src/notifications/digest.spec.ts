import { DigestRow, planDigest } from './digest';
import { Choice, KINDS, NotificationKind } from './kinds';

const NOW = Date.parse('2026-03-10T07:05:00+01:00');
const DAY = 86_400_000;
const defaults = (kind: NotificationKind): Choice => KINDS[kind].default;
const row = (id: number, kind: NotificationKind, lastEventAt = NOW - id * 60_000): DigestRow => ({ id, kind, data: {}, link: '/x', lastEventAt });

describe('the daily digest', () => {
  it('is not sent when nothing waits and nothing was gathered', () => {
    expect(planDigest({ rows: [], choices: defaults, now: NOW }).digest).toBeNull();
    expect(planDigest({ rows: [], choices: defaults, waiting: { entries: 0, oldestSubmittedAt: null, modules: 0 }, now: NOW }).digest).toBeNull();
  });

  it('tells a supervisor what waits, with the age of the oldest entry in days', () => {
    const plan = planDigest({ rows: [], choices: defaults, waiting: { entries: 3, oldestSubmittedAt: NOW - 4 * DAY - 3_600_000, modules: 1 }, now: NOW });
    expect(plan.digest).toEqual({ waiting: { entries: 3, oldestDays: 4, modules: 1 }, sections: [], kinds: ['waiting_entries'] });
  });

  it('counts days by the Norwegian calendar: an entry sent in late last night is a day old this morning', () => {
    const lateLastNight = Date.parse('2026-03-09T23:30:00+01:00');
    expect(planDigest({ rows: [], choices: defaults, waiting: { entries: 1, oldestSubmittedAt: lateLastNight, modules: 0 }, now: NOW }).digest?.waiting?.oldestDays).toBe(1);
  });

  it('is sent for modules waiting for sign-off alone', () => {
    expect(planDigest({ rows: [], choices: defaults, waiting: { entries: 0, oldestSubmittedAt: null, modules: 2 }, now: NOW }).digest?.waiting).toEqual({ entries: 0, oldestDays: 0, modules: 2 });
  });

  it('leaves out what waits when the supervisor chose to hear of it at once or not at all', () => {
    const waiting = { entries: 3, oldestSubmittedAt: NOW - DAY, modules: 0 };
    for (const choice of ['immediate', 'off'] as const) {
      const choices = (kind: NotificationKind) => (kind === 'waiting_entries' ? choice : defaults(kind));
      expect(planDigest({ rows: [], choices, waiting, now: NOW }).digest).toBeNull();
    }
  });

  it('gathers the notifications routed to it by kind, oldest first, in the order of the settings page', () => {
    const rows = [row(1, 'entries_approved', NOW - 60_000), row(2, 'assessor_feedback'), row(3, 'entries_approved', NOW - 120_000)];
    const choices = (kind: NotificationKind): Choice => (kind === 'assessor_feedback' ? 'digest' : defaults(kind));
    const plan = planDigest({ rows, choices, now: NOW });
    expect(plan.digest?.sections.map((s) => [s.kind, s.items.map((i) => i.id)])).toEqual([
      ['entries_approved', [3, 1]],
      ['assessor_feedback', [2]],
    ]);
    expect(plan.digest?.kinds).toEqual(['entries_approved', 'assessor_feedback']);
    expect(plan.told.sort()).toEqual([1, 2, 3]);
    expect(plan.dropped).toEqual([]);
  });

  it('drops what was gathered for a kind since turned off, and sends nothing when that was all', () => {
    const choices = (kind: NotificationKind): Choice => (kind === 'entries_approved' ? 'off' : defaults(kind));
    const plan = planDigest({ rows: [row(1, 'entries_approved'), row(2, 'entries_approved')], choices, now: NOW });
    expect(plan).toEqual({ digest: null, told: [], dropped: [1, 2] });
  });

  it('counts the queue afresh instead of listing the entries sent in since the last digest', () => {
    const plan = planDigest({ rows: [row(1, 'waiting_entries'), row(2, 'waiting_entries')], choices: defaults, waiting: { entries: 1, oldestSubmittedAt: NOW - DAY, modules: 0 }, now: NOW });
    expect(plan.digest?.sections).toEqual([]);
    expect(plan.digest?.waiting?.entries).toBe(1);
    expect(plan.told).toEqual([1, 2]);
  });

  it('sends nothing about entries sent in and approved again before the digest', () => {
    const plan = planDigest({ rows: [row(1, 'waiting_entries')], choices: defaults, waiting: { entries: 0, oldestSubmittedAt: null, modules: 0 }, now: NOW });
    expect(plan).toEqual({ digest: null, told: [], dropped: [1] });
  });
});
