/**
 * A Vietnamese phone number as a resident may type it ("0912 345 678", "+84 912.345.678",
 * "84912345678") in its usual 0-prefixed form, or undefined when it is not one. Mobile numbers
 * have 10 digits, landlines 11 (02xx...). The check is on shape only: nobody calls to test it.
 */
export function normalizeVietnamesePhone(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^[+\d][\d\s.\-()]{7,20}$/.test(trimmed)) return undefined;
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+84') || (digits.startsWith('84') && digits.length >= 11)) digits = `0${digits.slice(2)}`;
  return /^0\d{9,10}$/.test(digits) ? digits : undefined;
}

/** The last digits only, so a summary in the chat never repeats the whole number. */
export function phoneTail(phone: string): string {
  return phone.slice(-3);
}
