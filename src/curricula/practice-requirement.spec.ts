import type { CurriculumContent } from './curriculum.types';
import { practiceStanding } from './practice-requirement';

const content = {
  practice: {
    requiredHours: 90,
    categories: [
      { key: 'individual', title: { nb: 'Individuelt' }, minimumHours: 30 },
      { key: 'group', title: { nb: 'Gruppe' }, minimumHours: 15 },
      { key: 'networks', title: { nb: 'Nettverk' } },
    ],
  },
} as unknown as CurriculumContent;

describe('practiceStanding', () => {
  it('is met only when the hours in all and every minimum are approved', () => {
    expect(practiceStanding(content, { individual: 30, group: 15, networks: 45 })).toMatchObject({ met: true, approved: 90, minimums: { total: 2, met: 2, short: [] } });
  });

  it('is not met with the hours in all but a category short of its minimum, as the demo certificate once was', () => {
    expect(practiceStanding(content, { individual: 24, group: 15, networks: 51 })).toEqual({
      met: false,
      approved: 90,
      required: 90,
      minimums: { total: 2, met: 1, short: [{ key: 'individual', title: { nb: 'Individuelt' }, approved: 24, minimum: 30 }] },
    });
  });

  it('is not met with every minimum but too few hours in all, and counts no category the programme does not have', () => {
    expect(practiceStanding(content, new Map([['individual', 30], ['group', 15], ['elsewhere', 60]]))).toMatchObject({ met: false, approved: 45 });
  });
});
