import { THEMES } from '../curricula/curriculum.types';
import { FieldErrors } from '../common/form-result';
import { isIsoDate } from '../common/dates';
import { findIdentifyingDetail } from '../common/identifying-details';

export const MAX_HOURS_PER_ENTRY = 12;
export const MAX_HOURS_PER_DAY = 16;
export const MAX_DESCRIPTION = 4000;
export const MAX_REFLECTION = 4000;

export interface EntryInput {
  date?: string;
  hours?: string;
  placement?: string;
  category?: string;
  description?: string;
  reflection?: string;
  themes?: string[];
  shareReflection?: string;
}

export interface EntryContext {
  today: string;
  /** The enrolment's first and last day. */
  from: string;
  to: string;
  categories: string[];
  placements: number[];
  /** Quarter-hours already logged on the entry's date by the student's other entries. */
  otherQuartersThatDay: (date: string) => Promise<number>;
}

export interface CleanEntry {
  date: string;
  quarterHours: number;
  placementId: number;
  category: string;
  description: string;
  reflection: string | null;
  reflectionThemes: string[];
  reflectionShared: boolean;
}

/** "2,5", "2.5", "2:30" or "2 t" as quarter-hours; undefined when it is no number of quarter hours. */
export function parseQuarterHours(value: string | undefined): number | undefined {
  const text = (value ?? '').trim().replace(/\s*(t|h|timer|hours?)$/i, '');
  let hours: number;
  const clock = /^(\d{1,2}):([0-5]\d)$/.exec(text);
  if (clock) hours = Number(clock[1]) + Number(clock[2]) / 60;
  else if (/^\d{1,2}([.,]\d{1,2})?$/.test(text)) hours = Number(text.replace(',', '.'));
  else return undefined;
  const quarters = hours * 4;
  return Number.isInteger(Math.round(quarters * 1000) / 1000) ? Math.round(quarters) : Number.NaN;
}

/** Checks a practice entry against every rule, each message for its field; returns the cleaned entry when it passes. */
export async function checkEntry(input: EntryInput, ctx: EntryContext, errors: FieldErrors): Promise<CleanEntry | undefined> {
  const date = (input.date ?? '').trim();
  if (!date) errors.add('date', 'practice.error.dateRequired');
  else if (!isIsoDate(date)) errors.add('date', 'practice.error.dateInvalid');
  else if (date > ctx.today) errors.add('date', 'practice.error.dateFuture');
  else if (date < ctx.from || date > ctx.to) errors.add('date', 'practice.error.dateOutside', { from: ctx.from, to: ctx.to });

  const quarters = parseQuarterHours(input.hours);
  if (!(input.hours ?? '').trim()) errors.add('hours', 'practice.error.hoursRequired');
  else if (quarters === undefined) errors.add('hours', 'practice.error.hoursInvalid');
  else if (Number.isNaN(quarters)) errors.add('hours', 'practice.error.hoursQuarter');
  else if (quarters <= 0) errors.add('hours', 'practice.error.hoursPositive');
  else if (quarters > MAX_HOURS_PER_ENTRY * 4) errors.add('hours', 'practice.error.hoursPerEntry', { max: MAX_HOURS_PER_ENTRY });
  else if (!errors.errors.date) {
    const other = await ctx.otherQuartersThatDay(date);
    if (other + quarters > MAX_HOURS_PER_DAY * 4) {
      errors.add('hours', 'practice.error.hoursPerDay', { max: MAX_HOURS_PER_DAY, logged: other / 4 });
    }
  }

  const placementId = Number(input.placement);
  if (!input.placement) errors.add('placement', 'practice.error.placementRequired');
  else if (!ctx.placements.includes(placementId)) errors.add('placement', 'practice.error.placementUnknown');

  const category = input.category ?? '';
  if (!category) errors.add('category', 'practice.error.categoryRequired');
  else if (!ctx.categories.includes(category)) errors.add('category', 'practice.error.categoryUnknown');

  const description = (input.description ?? '').trim();
  if (!description) errors.add('description', 'practice.error.descriptionRequired');
  else if (description.length > MAX_DESCRIPTION) errors.add('description', 'practice.error.tooLong', { max: MAX_DESCRIPTION });
  else identifying('description', description, errors);

  const reflection = (input.reflection ?? '').trim();
  const themes = input.themes ?? [];
  if (reflection.length > MAX_REFLECTION) errors.add('reflection', 'practice.error.tooLong', { max: MAX_REFLECTION });
  else if (reflection) identifying('reflection', reflection, errors);
  if (themes.some((t) => !(THEMES as readonly string[]).includes(t))) errors.add('themes', 'practice.error.themeUnknown');
  else if (themes.length > 0 && !reflection) errors.add('reflection', 'practice.error.themesWithoutReflection');

  if (errors.any) return undefined;
  return {
    date,
    quarterHours: quarters!,
    placementId,
    category,
    description,
    reflection: reflection || null,
    reflectionThemes: reflection ? themes : [],
    reflectionShared: Boolean(reflection) && input.shareReflection === 'yes',
  };
}

function identifying(field: string, text: string, errors: FieldErrors): void {
  const found = findIdentifyingDetail(text);
  if (found === 'nationalId') errors.add(field, 'practice.error.nationalId');
  if (found === 'phone') errors.add(field, 'practice.error.phone');
  if (found === 'email') errors.add(field, 'practice.error.email');
}
