import { Cipher, DecryptionError, Pseudonymizer } from '../../src/privacy/crypto';

describe('Pseudonymizer', () => {
  const p = new Pseudonymizer('a-long-enough-secret-value');
  it('is stable for the same input and differs by purpose and by secret', () => {
    expect(p.pseudonym('reach', 'messenger:123')).toBe(p.pseudonym('reach', 'messenger:123'));
    expect(p.pseudonym('reach', 'messenger:123')).not.toBe(p.pseudonym('state-key', 'messenger:123'));
    expect(p.pseudonym('reach', 'messenger:123')).not.toBe(p.pseudonym('reach', 'messenger:124'));
    expect(new Pseudonymizer('another-long-enough-secret').pseudonym('reach', 'messenger:123')).not.toBe(p.pseudonym('reach', 'messenger:123'));
    expect(p.pseudonym('reach', 'messenger:123')).not.toContain('123');
  });
});

describe('Cipher', () => {
  const key = Buffer.alloc(32, 1);
  const c = new Cipher(key);
  it('round-trips and never shows the plaintext', () => {
    const sealed = c.seal('Tôi bị đánh', 'row-1');
    expect(sealed.toString('utf8')).not.toContain('đánh');
    expect(c.open(sealed, 'row-1').toString('utf8')).toBe('Tôi bị đánh');
    expect(c.seal('same').equals(c.seal('same'))).toBe(false);
  });
  it('refuses another key, another row, or a flipped bit', () => {
    const sealed = c.seal('x', 'row-1');
    expect(() => new Cipher(Buffer.alloc(32, 2)).open(sealed, 'row-1')).toThrow(DecryptionError);
    expect(() => c.open(sealed, 'row-2')).toThrow(DecryptionError);
    const flipped = Buffer.from(sealed);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 1, flipped.length - 1);
    expect(() => c.open(flipped, 'row-1')).toThrow(DecryptionError);
  });
});
