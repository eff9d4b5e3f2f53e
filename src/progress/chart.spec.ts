import { ChartInput, chartSvg, cumulativeByPeriod, escapeXml, scale } from './chart';
import { addDays, daysBetween, monthsBetween } from '../common/dates';

const input = (change: Partial<ChartInput> = {}): ChartInput => ({
  id: 'c',
  title: 'Godkjente timer',
  summary: 'Timer til sammen per uke, mot kravet på 90 t.',
  periods: 15,
  points: [
    { label: 'Uke 1', value: 4 },
    { label: 'Uke 2', value: 10.5 },
    { label: 'Uke 3', value: 30 },
  ],
  target: 90,
  targetLabel: 'Krav: 90 t',
  axis: { x: 'Uker fra oppstart', y: 'Timer godkjent' },
  emptyText: 'Ingen timer er godkjent ennå.',
  locale: 'nb',
  ...change,
});

/** The numbers in a points="x,y x,y" attribute. */
function points(svg: string, element: string): [number, number][] {
  const attr = new RegExp(`<${element} points="([^"]+)"`).exec(svg)![1];
  return attr.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
}

describe('chartSvg', () => {
  it('is an image named by its title and described with every figure', () => {
    const svg = chartSvg(input());
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="c-title c-desc"/);
    expect(svg).toMatch(/viewBox="0 0 640 320"/);
    expect(svg).toContain('<title id="c-title">Godkjente timer</title>');
    expect(svg).toContain('<desc id="c-desc">Timer til sammen per uke, mot kravet på 90 t. Uke 1: 4; Uke 2: 10,5; Uke 3: 30.</desc>');
  });

  it('writes the figures the way the language does', () => {
    expect(chartSvg(input({ locale: 'en' }))).toContain('Uke 2: 10.5');
  });

  it("draws the pace's expected hours as a dotted line that stays flat outside the practice phase, and names the phases", () => {
    // Twelve months: theory 1–5, practice 6–10 (90 h spread over them), assignment 11–12.
    const expected = [0, 0, 0, 0, 0, 18, 36, 54, 72, 90, 90, 90];
    const svg = chartSvg(
      input({
        periods: 12,
        expected: { label: 'Prikket linje: timene tempoet venter.', values: expected },
        phases: [
          { label: 'teori: måned 1–5', from: 1, to: 5 },
          { label: 'praksis: måned 6–10', from: 6, to: 10, shaded: true },
          { label: 'oppgave: måned 11–12', from: 11, to: 12 },
        ],
      }),
    );
    const dotted = /<polyline points="([^"]+)"[^>]*stroke-dasharray="2 4"/.exec(svg)![1].split(' ').map((pair) => pair.split(',').map(Number));
    expect(dotted).toHaveLength(13);
    // Flat at the baseline through the theory months, rising through practice, flat at the requirement after.
    expect(new Set(dotted.slice(0, 6).map(([, y]) => y)).size).toBe(1);
    expect(dotted[10][1]).toBeLessThan(dotted[6][1]);
    expect(dotted[12][1]).toBe(dotted[10][1]);
    for (const label of ['teori: måned 1–5', 'praksis: måned 6–10', 'oppgave: måned 11–12']) expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('teori: måned 1–5; praksis: måned 6–10; oppgave: måned 11–12. Prikket linje: timene tempoet venter.</desc>');
  });

  it('escapes every text it is given', () => {
    const svg = chartSvg(input({ title: '<script>alert("x")</script>', targetLabel: 'A & B', points: [{ label: "Uke '1'", value: 1 }], axis: { x: '<b>', y: '"y"' } }));
    expect(svg).not.toMatch(/<script|<b>/);
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(svg).toContain('A &amp; B');
    expect(svg).toContain('Uke &#39;1&#39;: 1');
  });

  it('uses presentation attributes only: no style, no script, no event handlers', () => {
    const svg = chartSvg(input());
    expect(svg).not.toMatch(/style=|<style|<script|\son\w+=/i);
    expect(svg).toContain('stroke-dasharray="8 5"');
  });

  it('draws the line on a scale that holds the requirement, from the origin to the last period with data', () => {
    const svg = chartSvg(input());
    const line = points(svg, 'polyline');
    expect(line).toHaveLength(4);
    // The origin, then the end of weeks 1–3: the plot runs from x=64 to x=616 over 15 weeks.
    expect(line.map(([x]) => x)).toEqual([64, 100.8, 137.6, 174.4]);
    // 0 h at the baseline (y=264), 100 h (the top of the scale for 90) at y=24: 30 h at 264 - 72.
    expect(line[0][1]).toBe(264);
    expect(line[3][1]).toBe(192);
    // The requirement: a dashed line at 90 h, and the top tick says 100.
    expect(svg).toMatch(/<line x1="64" y1="48" x2="616" y2="48" [^>]*stroke-dasharray/);
    expect(svg).toContain('>100</text>');
    expect(svg).toContain('>Krav: 90 t</text>');
  });

  it('lets values above the requirement raise the scale', () => {
    const svg = chartSvg(input({ points: [{ label: 'Uke 1', value: 130 }] }));
    expect(svg).toContain('>150</text>');
    expect(points(svg, 'polyline')[1][1]).toBeGreaterThanOrEqual(24);
  });

  it('draws axes and the requirement but no line for empty data, and says so', () => {
    const svg = chartSvg(input({ points: [] }));
    expect(svg).not.toContain('<polyline');
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('Ingen timer er godkjent ennå.</desc>');
    expect(svg).toContain('>0</text>');
  });

  it('copes with nothing at all: no requirement and no data', () => {
    const svg = chartSvg(input({ points: [], target: 0, periods: 0 }));
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('stroke-dasharray');
  });
});

describe('scale', () => {
  it.each([
    [90, 100, 20],
    [360, 400, 100],
    [1800, 2000, 500],
    [7, 8, 2],
    [0.5, 0.5, 0.1],
    [0, 1, 1],
  ])('puts %p under a top of %p in steps of %p', (largest, max, step) => {
    expect(scale(largest)).toEqual({ max, step });
  });
});

describe('escapeXml', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('cumulativeByPeriod', () => {
  const weeks = { startDate: '2026-08-03', unit: 'weeks' as const, length: 15, today: '2026-08-26' };

  it('sums the days into weeks from the start with a running total, up to this week', () => {
    const periods = cumulativeByPeriod(
      [
        { date: '2026-08-03', hours: 2 },
        { date: '2026-08-09', hours: 1.5 },
        { date: '2026-08-17', hours: 4 },
      ],
      weeks,
    );
    expect(periods).toEqual([
      { n: 1, from: '2026-08-03', to: '2026-08-09', hours: 3.5, cumulative: 3.5 },
      { n: 2, from: '2026-08-10', to: '2026-08-16', hours: 0, cumulative: 3.5 },
      { n: 3, from: '2026-08-17', to: '2026-08-23', hours: 4, cumulative: 7.5 },
      { n: 4, from: '2026-08-24', to: '2026-08-30', hours: 0, cumulative: 7.5 },
    ]);
  });

  it('counts calendar months for a programme in months', () => {
    const periods = cumulativeByPeriod([{ date: '2026-09-02', hours: 8 }], { startDate: '2026-08-03', unit: 'months', length: 12, today: '2026-09-10' });
    expect(periods.map((p) => [p.n, p.from, p.to, p.cumulative])).toEqual([
      [1, '2026-08-03', '2026-09-02', 8],
      [2, '2026-09-03', '2026-10-02', 8],
    ]);
  });

  it('puts every date in the week or calendar month it falls in, month ends included', () => {
    for (const [startDate, unit, length] of [
      ['2027-01-31', 'months', 12],
      ['2028-02-29', 'months', 12],
      ['2026-08-03', 'months', 12],
      ['2026-08-05', 'weeks', 15],
    ] as const) {
      for (let i = -10; i < 420; i++) {
        const date = addDays(startDate, i);
        const elapsed = unit === 'weeks' ? Math.floor(daysBetween(startDate, date) / 7) : monthsBetween(startDate, date);
        const expected = Math.min(length, Math.max(1, elapsed + 1));
        const periods = cumulativeByPeriod([{ date, hours: 1 }], { startDate, unit, length, today: startDate });
        expect([date, periods.findIndex((p) => p.hours === 1) + 1]).toEqual([date, expected]);
      }
    }
    // 31 January: a month later is 28 February, so 27 February is still in the first month.
    const periods = cumulativeByPeriod(
      [
        { date: '2027-02-27', hours: 1 },
        { date: '2027-02-28', hours: 2 },
      ],
      { startDate: '2027-01-31', unit: 'months', length: 12, today: '2027-02-28' },
    );
    expect(periods.map((p) => [p.from, p.to, p.hours])).toEqual([
      ['2027-01-31', '2027-02-27', 1],
      ['2027-02-28', '2027-03-30', 2],
    ]);
  });

  it('has nothing before the start, and keeps every hour in the sum even when dated outside the programme', () => {
    expect(cumulativeByPeriod([], { ...weeks, today: '2026-08-01' })).toEqual([]);
    const periods = cumulativeByPeriod([{ date: '2026-07-30', hours: 1 }, { date: '2027-03-01', hours: 2 }], { ...weeks, today: '2026-08-04' });
    expect(periods).toHaveLength(15);
    expect(periods[0].hours).toBe(1);
    expect(periods[14]).toMatchObject({ hours: 2, cumulative: 3 });
  });
});
