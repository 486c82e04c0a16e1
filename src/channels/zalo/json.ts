import { isSafeNumber, parse } from 'lossless-json';

/**
 * Parses a webhook body from its raw bytes without losing digits. Zalo ids exceed 2^53
 * (shared/reference/channels.md §A1, §4.9): they are strings in observed payloads, but were
 * numbers in older ones, and `JSON.parse` (hence express.json's `req.body`) silently rounds such
 * a number (12345678901234567890 becomes 12345678901234567000). Here a number that does not fit
 * a double exactly stays the string of its digits. Duplicate keys are refused.
 *
 * Throws SyntaxError on malformed input (its message may quote the input: never log it).
 */
export function parseJsonLossless(raw: Buffer | string): unknown {
  const text = typeof raw === 'string' ? raw : raw.toString('utf8');
  return parse(text, null, (digits: string) => (isSafeNumber(digits) ? Number(digits) : digits));
}
