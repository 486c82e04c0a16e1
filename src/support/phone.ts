/**
 * A Vietnamese phone number as a resident may type it ("0912 345 678", "+84 912.345.678",
 * "84912345678", "gọi số 0912345678 nhé") in its usual 0-prefixed form, or undefined when there is
 * none. Mobile numbers have 10 digits, landlines 11 (02xx...). The check is on shape only: nobody
 * calls to test it.
 */
export function normalizeVietnamesePhone(text: string): string | undefined {
  const found = /(?<![\d+])(?:\+84|84|0)(?:[\s.\-]?\d){8,10}(?!\d)/.exec(text);
  if (!found) return undefined;
  let digits = found[0].replace(/\D/g, '');
  if (digits.startsWith('84') && !found[0].startsWith('0')) digits = `0${digits.slice(2)}`;
  return /^0\d{9,10}$/.test(digits) ? digits : undefined;
}

/** The last digits only, so a summary in the chat never repeats the whole number. */
export function phoneTail(phone: string): string {
  return phone.slice(-3);
}
