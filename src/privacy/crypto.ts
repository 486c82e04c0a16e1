import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Keyed pseudonyms: the same input always maps to the same opaque string, and nobody without
 * the secret can go back or even test a guess. `purpose` separates uses, so a state key can never
 * be matched against a reach pseudonym of the same person.
 */
export class Pseudonymizer {
  private readonly key: Buffer;

  constructor(secret: string) {
    if (secret.length < 16) throw new Error('pseudonym secret must be at least 16 characters');
    this.key = Buffer.from(secret, 'utf8');
  }

  pseudonym(purpose: string, value: string): string {
    return createHmac('sha256', this.key).update(purpose).update('\u0000').update(value).digest('base64url');
  }

  /**
   * A pseudonymiser with its own key, derived from this one for `purpose` (for example one key
   * per campaign year), so pseudonyms made under two derived keys cannot be matched to each other.
   */
  derive(purpose: string): Pseudonymizer {
    return new Pseudonymizer(createHmac('sha256', this.key).update('derive\u0000').update(purpose).digest('base64url'));
  }
}

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a sealed value was altered or sealed with another key. */
export class DecryptionError extends Error {
  readonly code = 'DECRYPTION_FAILED';
}

/**
 * AES-256-GCM with a random 96-bit IV per message. Layout: version(1) | iv(12) | tag(16) | ciphertext.
 * `aad` binds a ciphertext to where it belongs (for example its record id), so a sealed value
 * copied to another row fails to open.
 */
export class Cipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('data encryption key must be 32 bytes');
  }

  seal(plaintext: string | Buffer, aad?: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    if (aad) cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, aad?: string): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
      throw new DecryptionError('sealed value has an unknown format');
    }
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    if (aad) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DecryptionError('sealed value could not be opened (wrong key or altered data)');
    }
  }

  sealJson(value: unknown, aad?: string): string {
    return this.seal(JSON.stringify(value), aad).toString('base64');
  }

  openJson<T = unknown>(sealed: string, aad?: string): T {
    return JSON.parse(this.open(Buffer.from(sealed, 'base64'), aad).toString('utf8')) as T;
  }
}
