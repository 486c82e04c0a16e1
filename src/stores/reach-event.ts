import { AppError } from '../errors';
import { REACH_KINDS, type DayRange, type ReachEvent } from './ports';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** A keyed pseudonym is base64url (HMAC-SHA256: 43 characters); anything else is refused. */
const PSEUDONYM = /^[A-Za-z0-9_-]{22,128}$/;

function bad(field: string, why: string): AppError {
  // The message names the field, never the value: a value might be text a resident typed.
  return new AppError('BAD_REQUEST', `reach event refused: ${field} ${why}`);
}

export function isDay(day: string): boolean {
  if (!DAY.test(day)) return false;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/**
 * The rules every ReachLedger backend enforces before storing anything, so a mistake upstream
 * cannot put a raw id, free text or a person behind support information into the statistics:
 * - `day` is a real `YYYY-MM-DD`; `channel`, `topic` and the details are short lowercase ids;
 * - knowledge and quiz events name a person (a pseudonym), support-info events never do, and
 *   carry no optional details either (they could single someone out).
 */
export function assertReachEvent(e: ReachEvent): void {
  if (!REACH_KINDS.includes(e.kind)) throw bad('kind', 'is not a reach kind');
  if (!isDay(e.day)) throw bad('day', 'must be a calendar day YYYY-MM-DD');
  if (!ID.test(e.channel)) throw bad('channel', 'must be a short lowercase id');
  for (const f of ['topic', 'residentialGroup', 'gender', 'ageBand'] as const) {
    const v = e[f];
    if (v !== undefined && !ID.test(v)) throw bad(f, 'must be a short lowercase id');
  }
  if (e.kind === 'support-info') {
    if (e.person !== undefined) throw bad('person', 'must be absent on support-info');
    if (e.residentialGroup !== undefined || e.gender !== undefined || e.ageBand !== undefined) {
      throw bad('details', 'must be absent on support-info');
    }
  } else if (e.person === undefined || !PSEUDONYM.test(e.person)) {
    throw bad('person', 'must be a keyed pseudonym');
  }
}

export function assertDayRange(r: DayRange): void {
  if (!isDay(r.from) || !isDay(r.to)) throw new AppError('BAD_REQUEST', 'reach query: days must be YYYY-MM-DD');
  if (r.from > r.to) throw new AppError('BAD_REQUEST', 'reach query: from is after to');
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a calendar day (a compact, sortable integer for storage). */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}
