import type { Pseudonymizer } from '../privacy/crypto';
import type { RecordStore } from '../stores/ports';
import type { Day } from './availability';

/**
 * Prize codes for a round's top scorers. The code is shown once in the chat; the store keeps only
 * a keyed hash of it with the quiz, the round and the score, never who holds it. An officer at the
 * commune office checks a code with `verifyPrizeCode` (or `npm run quiz -- verify <code>`) and
 * marks it used with `redeemPrizeCode`.
 *
 * Why a keyed hash (HMAC with the pseudonym secret) rather than a plain one: a code has about 40
 * bits, few enough that someone holding a copy of the database could try them all against a
 * plain hash. Without the secret they cannot test a single guess.
 *
 * The code is derived from the attempt's random nonce (also with the secret), so if the process
 * stops after storing the hash but before the reply is sent, the retried turn shows the same code
 * instead of minting a second one.
 */
export const PRIZE_COLLECTION = 'quiz-prizes';

/** No 0/O, 1/I/L: easy to read aloud and to type from a phone screen. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const CODE_CHARS = 8;

export interface PrizeRecord {
  quiz: string;
  round: string;
  score: number;
  total: number;
  /** The day an officer marked it used (the town's calendar day), if they have. */
  redeemedOn?: Day;
}

export type PrizeCheck = { status: 'unknown' } | ({ status: 'valid' | 'redeemed' } & PrizeRecord);

/** "7KQ3-MX9P": the canonical form shown to residents. */
export function formatCode(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** What an officer types, tidied: case, spaces and dashes do not matter. Undefined if it cannot be a code. */
export function normalizeCode(input: string): string | undefined {
  const s = input.toUpperCase().replace(/[\s-]+/g, '');
  if (s.length !== CODE_CHARS || [...s].some((c) => !ALPHABET.includes(c))) return undefined;
  return s;
}

/** The code of an attempt: a keyed hash of its nonce, so only this server can derive it. */
export function deriveCode(pseudonyms: Pseudonymizer, nonce: string, salt = 0): string {
  const bytes = Buffer.from(pseudonyms.pseudonym('quiz-prize-derive', `${nonce}:${salt}`), 'base64url');
  let out = '';
  // 8 characters from 8 bytes; the bias of a byte modulo 31 is under 1% and harmless here.
  for (let i = 0; i < CODE_CHARS; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

const codeId = (pseudonyms: Pseudonymizer, code: string) => pseudonyms.pseudonym('quiz-prize-code', code);

/**
 * Stores the hash of this attempt's code and returns the code to show, formatted. Idempotent for
 * one attempt.
 */
export async function issuePrizeCode(
  records: RecordStore,
  pseudonyms: Pseudonymizer,
  nonce: string,
  prize: Omit<PrizeRecord, 'redeemedOn'>,
  expiresAt?: Date,
): Promise<string> {
  for (let salt = 0; salt < 5; salt++) {
    const code = deriveCode(pseudonyms, nonce, salt);
    const id = codeId(pseudonyms, code);
    if (await records.insert(PRIZE_COLLECTION, id, { ...prize }, { expiresAt })) return formatCode(code);
    const existing = await records.get<PrizeRecord>(PRIZE_COLLECTION, id);
    // The same attempt, retried after a crash: the same code again.
    if (existing && existing.doc.quiz === prize.quiz && existing.doc.round === prize.round && existing.doc.score === prize.score) {
      return formatCode(code);
    }
    // Another attempt's code collided (about one chance in 10^12 per pair): take the next one.
  }
  throw new Error('could not issue a unique prize code');
}

export async function verifyPrizeCode(records: RecordStore, pseudonyms: Pseudonymizer, input: string): Promise<PrizeCheck> {
  const code = normalizeCode(input);
  if (!code) return { status: 'unknown' };
  const rec = await records.get<PrizeRecord>(PRIZE_COLLECTION, codeId(pseudonyms, code));
  if (!rec) return { status: 'unknown' };
  return { status: rec.doc.redeemedOn ? 'redeemed' : 'valid', ...rec.doc };
}

/**
 * Marks a code used, once: a second visit with the same code finds it already redeemed. Two
 * officers at two desks cannot both succeed (conditional update on the record's version).
 */
export async function redeemPrizeCode(records: RecordStore, pseudonyms: Pseudonymizer, input: string, today: Day): Promise<PrizeCheck> {
  const code = normalizeCode(input);
  if (!code) return { status: 'unknown' };
  const id = codeId(pseudonyms, code);
  const rec = await records.get<PrizeRecord>(PRIZE_COLLECTION, id);
  if (!rec) return { status: 'unknown' };
  if (rec.doc.redeemedOn) return { status: 'redeemed', ...rec.doc };
  const doc: PrizeRecord = { ...rec.doc, redeemedOn: today };
  if (await records.replaceIf(PRIZE_COLLECTION, id, rec.version, doc, { expiresAt: rec.expiresAt })) return { status: 'valid', ...doc };
  const now = await records.get<PrizeRecord>(PRIZE_COLLECTION, id);
  return now ? { status: 'redeemed', ...now.doc } : { status: 'unknown' };
}
