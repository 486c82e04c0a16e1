import { normalizeVietnamesePhone, phoneTail } from '../../src/support/phone';

describe('a safe number typed for a callback', () => {
  it.each([
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['+84 912 345 678', '0912345678'],
    ['84912345678', '0912345678'],
    ['0204 3812 345', '02043812345'],
    ['gọi số 0912345678 nhé', '0912345678'],
  ])('"%s" is read as %s', (typed, phone) => {
    expect(normalizeVietnamesePhone(typed)).toBe(phone);
  });

  it.each(['912345678', 'số nhà 12', '113', '0912-345', '09123456789012', ''])('"%s" is not a phone number', (typed) => {
    expect(normalizeVietnamesePhone(typed)).toBeUndefined();
  });

  it('only the last three digits are ever repeated back', () => {
    expect(phoneTail('0912345678')).toBe('678');
  });
});
