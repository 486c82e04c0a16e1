/**
 * Calendar arithmetic on days written `YYYY-MM-DD`. A reach event's day is the resident's
 * calendar day in the area's time zone (Asia/Ho_Chi_Minh, UTC+7 all year), fixed when the event
 * is recorded; after that, periods are plain calendar ranges, so 23:30 on 31/12 in Hà Nội is
 * still the fourth quarter whatever the server's own time zone.
 */

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of `instant` in `timeZone`. */
export function dayInZone(instant: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromMs = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const pad2 = (n: number) => String(n).padStart(2, '0');

export function addDays(day: string, n: number): string {
  return fromMs(toMs(day) + n * DAY_MS);
}

export function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

export function parts(day: string): { year: number; month: number; day: number } {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)) };
}

/** The last day of a month (month 1–12). */
export function lastDayOfMonth(year: number, month: number): string {
  return fromMs(Date.UTC(year, month, 0));
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(day: string): number {
  return new Date(toMs(day)).getUTCDay() || 7;
}

/** ISO-8601 week of a day: weeks run Monday to Sunday; week 1 holds the year's first Thursday. */
export function isoWeek(day: string): { year: number; week: number } {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = parts(thursday).year;
  const week = Math.floor((toMs(thursday) - toMs(ymd(year, 1, 1))) / (7 * DAY_MS)) + 1;
  return { year, week };
}

/** The Monday of ISO week `week` of `year`. */
export function isoWeekStart(year: number, week: number): string {
  const jan4 = ymd(year, 1, 4);
  return addDays(jan4, 1 - isoWeekday(jan4) + (week - 1) * 7);
}

export function isoWeeksInYear(year: number): number {
  return isoWeek(ymd(year, 12, 28)).week;
}

/** The campaign year a day belongs to: named after the calendar year it starts in. */
export function campaignYearOf(day: string, startMonth: number): number {
  const { year, month } = parts(day);
  return month >= startMonth ? year : year - 1;
}

export function campaignYearRange(year: number, startMonth: number): { from: string; to: string } {
  const from = ymd(year, startMonth, 1);
  return { from, to: addDays(ymd(year + 1, startMonth, 1), -1) };
}

export const minDay = (a: string, b: string) => (a < b ? a : b);
export const maxDay = (a: string, b: string) => (a > b ? a : b);
