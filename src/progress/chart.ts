import { periodStart, positionOn } from '../cohorts/timeline';
import { addDays } from '../common/dates';
import type { DurationUnit } from '../curricula/curriculum.types';
import type { Locale } from '../i18n/i18n';
import { numbers } from '../i18n/numbers';

/** One week or month of the programme: hours approved in it and in all periods up to it. */
export interface ChartPeriod {
  n: number;
  from: string;
  to: string;
  hours: number;
  cumulative: number;
}

/**
 * Approved hours per day, put into the programme's weeks or months counted from the cohort start,
 * with a running total. Periods run to today's (or to the last with hours, should one lie later),
 * so the last cumulative figure is always the whole sum; a date outside the programme counts in its
 * first or last period.
 */
export function cumulativeByPeriod(
  days: { date: string; hours: number }[],
  programme: { startDate: string; unit: DurationUnit; length: number; today: string },
): ChartPeriod[] {
  const { startDate, unit, length } = programme;
  const position = positionOn(startDate, programme.today, unit, length);
  // The first day of periods 2..length: a date is in the period after the last of these it has reached
  // (dates compare as text), clamped to the programme. Worked out once, not once per practice date.
  const starts = Array.from({ length: length - 1 }, (_, i) => periodStart(startDate, unit, i + 2));
  const periodOf = (date: string) => {
    let n = 1;
    while (n < length && starts[n - 1] <= date) n += 1;
    return n;
  };
  const perPeriod = new Map<number, number>();
  let last = position.state === 'upcoming' ? 0 : position.current;
  for (const day of days) {
    if (!day.hours) continue;
    const n = periodOf(day.date);
    perPeriod.set(n, (perPeriod.get(n) ?? 0) + day.hours);
    last = Math.max(last, n);
  }
  const periods: ChartPeriod[] = [];
  let cumulative = 0;
  for (let n = 1; n <= last; n++) {
    const hours = perPeriod.get(n) ?? 0;
    cumulative += hours;
    periods.push({ n, from: periodStart(startDate, unit, n), to: addDays(periodStart(startDate, unit, n + 1), -1), hours, cumulative });
  }
  return periods;
}

export interface ChartInput {
  /** Prefix for the ids of <title> and <desc>, unique on the page. */
  id: string;
  title: string;
  /** The first sentence of the description; the figures follow it. */
  summary: string;
  /** Periods on the horizontal axis: the whole programme, so the line shows how far along it is. */
  periods: number;
  /** The running total at the end of period 1, 2, …; may stop before `periods`. */
  points: { label: string; value: number }[];
  /** The requirement, drawn as a dashed line. */
  target: number;
  targetLabel: string;
  axis: { x: string; y: string };
  /** What the programme's pace expects by the end of each period (all of them), drawn as a dotted line. */
  expected?: { label: string; values: number[] };
  /** The programme's phases, shaded and named along the top: theory, practice, assignment. */
  phases?: { label: string; from: number; to: number; shaded?: boolean }[];
  /** Said in the description when there are no points. */
  emptyText: string;
  locale: Locale;
}

const WIDTH = 640;
const HEIGHT = 320;
const PLOT = { left: 64, right: 24, top: 24, bottom: 56 };
const INK = '#1b1f24';
const MUTED = '#4a5561';
const LINE = '#c9d1d6';
const ACCENT = '#0b5c4d';
const AREA = '#e7f2ef';
const PHASE = '#f1f3f5';
const EXPECTED = '#8a4b00';

/**
 * A line chart of a running total against a requirement, as an inline SVG string: fixed viewBox,
 * `role="img"` named by its <title> and described, with every figure, by its <desc>. Colours and
 * dashes are presentation attributes (the Content-Security-Policy forbids inline styles); every
 * text is escaped here, which is what makes it safe to insert unescaped into a page.
 */
export function chartSvg(input: ChartInput): string {
  const number = numbers(input.locale);
  const periods = Math.max(1, input.periods, input.points.length);
  const values = input.points.map((p) => Math.max(0, p.value));
  const { max, step } = scale(Math.max(input.target, ...values, ...(input.expected?.values ?? []), 0));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const x = (n: number) => round(PLOT.left + (n / periods) * plotWidth);
  const y = (value: number) => round(PLOT.top + plotHeight - (value / max) * plotHeight);
  const base = y(0);

  const parts: string[] = [];
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  const figures = input.points.map((p) => `${p.label}: ${number.format(p.value)}`).join('; ');
  const phases = (input.phases ?? []).map((p) => p.label).join('; ');
  const description = `${input.summary} ${input.points.length ? `${figures}.` : input.emptyText}${phases ? ` ${phases}.` : ''}${input.expected ? ` ${input.expected.label}` : ''}`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${titleId} ${descId}" focusable="false" font-family="system-ui, sans-serif" font-size="13">`,
    `<title id="${titleId}">${escapeXml(input.title)}</title>`,
    `<desc id="${descId}">${escapeXml(description)}</desc>`,
  );

  // The phases: the practice ones (when hours are expected) shaded behind the grid, every one named along the
  // top over a thin bar, one lane down for a phase that overlaps an earlier one (theory and practice side by side).
  const phaseList = input.phases ?? [];
  for (const phase of phaseList.filter((p) => p.shaded)) {
    parts.push(`<rect x="${x(phase.from - 1)}" y="${PLOT.top}" width="${round(x(phase.to) - x(phase.from - 1))}" height="${round(plotHeight)}" fill="${PHASE}" stroke="none"/>`);
  }
  phaseList.forEach((phase, i) => {
    const left = x(phase.from - 1);
    const lane = phaseList.slice(0, i).filter((other) => other.from <= phase.to && phase.from <= other.to).length;
    const top = PLOT.top + 2 + lane * 18;
    parts.push(
      `<rect x="${left + 1}" y="${top}" width="${Math.max(0, round(x(phase.to) - left) - 2)}" height="3" fill="${MUTED}"/>`,
      `<text x="${left + 4}" y="${top + 14}" fill="${MUTED}" font-size="11">${escapeXml(phase.label)}</text>`,
    );
  });

  // Horizontal grid lines with the hours on the left.
  for (let i = 0; i <= Math.round(max / step); i++) {
    const value = round(i * step, 1e6);
    parts.push(
      `<line x1="${PLOT.left}" y1="${y(value)}" x2="${WIDTH - PLOT.right}" y2="${y(value)}" stroke="${value === 0 ? INK : LINE}" stroke-width="1"/>`,
      `<text x="${PLOT.left - 8}" y="${y(value) + 4}" text-anchor="end" fill="${MUTED}">${escapeXml(number.format(value))}</text>`,
    );
  }
  // Ticks below the axis at the end of each period, thinned out for long programmes.
  const every = Math.ceil(periods / 16);
  parts.push(`<line x1="${PLOT.left}" y1="${PLOT.top}" x2="${PLOT.left}" y2="${base}" stroke="${INK}" stroke-width="1"/>`);
  for (let n = 0; n <= periods; n++) {
    if (n % every !== 0 && n !== periods) continue;
    parts.push(
      `<line x1="${x(n)}" y1="${base}" x2="${x(n)}" y2="${base + 5}" stroke="${INK}" stroke-width="1"/>`,
      `<text x="${x(n)}" y="${base + 19}" text-anchor="middle" fill="${MUTED}">${n}</text>`,
    );
  }
  parts.push(
    `<text x="${round(PLOT.left + plotWidth / 2)}" y="${HEIGHT - 10}" text-anchor="middle" fill="${INK}">${escapeXml(input.axis.x)}</text>`,
    `<text x="16" y="${round(PLOT.top + plotHeight / 2)}" text-anchor="middle" fill="${INK}" transform="rotate(-90 16 ${round(PLOT.top + plotHeight / 2)})">${escapeXml(input.axis.y)}</text>`,
  );

  if (values.length) {
    const line = [`${x(0)},${base}`, ...values.map((v, i) => `${x(i + 1)},${y(v)}`)].join(' ');
    parts.push(
      `<polygon points="${line} ${x(values.length)},${base}" fill="${AREA}" stroke="none"/>`,
      `<polyline points="${line}" fill="none" stroke="${ACCENT}" stroke-width="3" stroke-linejoin="round"/>`,
      ...values.map((v, i) => `<circle cx="${x(i + 1)}" cy="${y(v)}" r="3.5" fill="${ACCENT}"/>`),
    );
  }

  if (input.expected?.values.length) {
    const path = [`${x(0)},${base}`, ...input.expected.values.map((v, i) => `${x(i + 1)},${y(v)}`)].join(' ');
    parts.push(`<polyline points="${path}" fill="none" stroke="${EXPECTED}" stroke-width="2" stroke-dasharray="2 4" stroke-linejoin="round"/>`);
  }

  if (input.target > 0) {
    const ty = y(input.target);
    parts.push(
      `<line x1="${PLOT.left}" y1="${ty}" x2="${WIDTH - PLOT.right}" y2="${ty}" stroke="${INK}" stroke-width="2" stroke-dasharray="8 5"/>`,
      `<text x="${WIDTH - PLOT.right}" y="${ty - 6}" text-anchor="end" fill="${INK}">${escapeXml(input.targetLabel)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** A top of the scale and a step between grid lines of 1, 2 or 5 times a power of ten, at most six steps. */
export function scale(largest: number): { max: number; step: number } {
  if (!(largest > 0)) return { max: 1, step: 1 };
  const rough = largest / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * power).find((s) => largest / s <= 6)!;
  return { max: Math.ceil(largest / step - 1e-9) * step, step };
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const round = (n: number, precision = 10) => Math.round(n * precision) / precision;
