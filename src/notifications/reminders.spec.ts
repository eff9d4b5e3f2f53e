import { reminderDue } from './reminders';

const none = new Set<number>();

describe('milestone reminders', () => {
  it('reminds a week before the due date and the day before', () => {
    expect(reminderDue('2026-03-15', '2026-03-08', none)).toBe(7);
    expect(reminderDue('2026-03-15', '2026-03-14', none)).toBe(1);
  });

  it('reminds of nothing earlier than a week ahead, on the due date or after it', () => {
    expect(reminderDue('2026-03-15', '2026-03-07', none)).toBeNull();
    expect(reminderDue('2026-03-15', '2026-03-15', none)).toBeNull();
    expect(reminderDue('2026-03-15', '2026-03-20', none)).toBeNull();
  });

  it('sends each reminder once', () => {
    expect(reminderDue('2026-03-15', '2026-03-08', new Set([7]))).toBeNull();
    expect(reminderDue('2026-03-15', '2026-03-14', new Set([7, 1]))).toBeNull();
    expect(reminderDue('2026-03-15', '2026-03-14', new Set([7]))).toBe(1);
  });

  it('sends the week’s reminder on a later day when the day itself was missed, but not the day before', () => {
    expect(reminderDue('2026-03-15', '2026-03-10', none)).toBe(7);
    expect(reminderDue('2026-03-15', '2026-03-13', none)).toBe(7);
    // The day before, only the last reminder goes, even when the week's never did.
    expect(reminderDue('2026-03-15', '2026-03-14', none)).toBe(1);
  });

  it('counts calendar days across a month’s end and the change to summer time', () => {
    expect(reminderDue('2026-04-01', '2026-03-25', none)).toBe(7);
    expect(reminderDue('2026-03-29', '2026-03-28', none)).toBe(1);
  });
});
