import { FieldErrors } from '../common/form-result';
import { checkEntry, EntryInput, parseQuarterHours } from './entry-rules';

const context = (loggedThatDay = 0) => ({
  today: '2026-10-15',
  from: '2026-09-01',
  to: '2026-12-13',
  categories: ['individual-support', 'group-activities'],
  placements: [7],
  otherQuartersThatDay: async () => loggedThatDay * 4,
});

const good: EntryInput = { date: '2026-10-14', hours: '2,5', placement: '7', category: 'group-activities', description: 'Ledet en samtalegruppe om håp.' };

async function check(input: EntryInput, loggedThatDay = 0) {
  const errors = new FieldErrors();
  const entry = await checkEntry(input, context(loggedThatDay), errors);
  return { entry, errors: errors.errors };
}

describe('parseQuarterHours', () => {
  it.each([
    ['2', 8], ['2,5', 10], ['2.25', 9], ['0,75', 3], ['1:45', 7], ['3 t', 12], ['12', 48],
  ])('reads %s as %i quarters', (text, quarters) => {
    expect(parseQuarterHours(text)).toBe(quarters);
  });

  it('knows what is not a number and what is not a quarter', () => {
    expect(parseQuarterHours('to')).toBeUndefined();
    expect(parseQuarterHours('-2')).toBeUndefined();
    expect(parseQuarterHours('1,1')).toBeNaN();
    expect(parseQuarterHours('1:10')).toBeNaN();
  });
});

describe('checkEntry', () => {
  it('accepts a good entry, cleaned', async () => {
    const { entry, errors } = await check({ ...good, reflection: 'Jeg kjente meg igjen.', themes: ['chime.hope'], shareReflection: 'yes' });
    expect(errors).toEqual({});
    expect(entry).toEqual({
      date: '2026-10-14', quarterHours: 10, placementId: 7, category: 'group-activities', description: 'Ledet en samtalegruppe om håp.',
      reflection: 'Jeg kjente meg igjen.', reflectionThemes: ['chime.hope'], reflectionShared: true,
    });
  });

  it.each([
    [{ date: '2026-10-16' }, 'date', 'practice.error.dateFuture'],
    [{ date: '2026-08-31' }, 'date', 'practice.error.dateOutside'],
    [{ date: '2026-02-30' }, 'date', 'practice.error.dateInvalid'],
    [{ hours: '0' }, 'hours', 'practice.error.hoursPositive'],
    [{ hours: '12,25' }, 'hours', 'practice.error.hoursPerEntry'],
    [{ hours: '1,1' }, 'hours', 'practice.error.hoursQuarter'],
    [{ hours: 'mye' }, 'hours', 'practice.error.hoursInvalid'],
    [{ category: 'cooking' }, 'category', 'practice.error.categoryUnknown'],
    [{ placement: '8' }, 'placement', 'practice.error.placementUnknown'],
    [{ description: '   ' }, 'description', 'practice.error.descriptionRequired'],
    [{ description: 'x'.repeat(4001) }, 'description', 'practice.error.tooLong'],
    [{ description: 'Ringte henne på 987 65 432' }, 'description', 'practice.error.phone'],
    [{ reflection: 'Han har fnr 01010112377' }, 'reflection', 'practice.error.nationalId'],
    [{ themes: ['chime.hope'] }, 'reflection', 'practice.error.themesWithoutReflection'],
  ])('refuses %p with a message on %s', async (change, field, key) => {
    const { entry, errors } = await check({ ...good, ...change });
    expect(entry).toBeUndefined();
    const error = errors[field];
    expect(typeof error === 'string' ? error : error?.key).toBe(key);
  });

  it('allows at most 16 hours on one day across entries', async () => {
    expect((await check({ ...good, hours: '6' }, 10)).errors).toEqual({});
    expect((await check({ ...good, hours: '6,25' }, 10)).errors.hours).toEqual({ key: 'practice.error.hoursPerDay', params: { max: 16, logged: 10 } });
  });
});
