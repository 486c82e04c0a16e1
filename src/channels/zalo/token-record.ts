import type { Cipher, Pseudonymizer } from '../../privacy/crypto';
import type { RecordStore, StoredRecord } from '../../stores/ports';

/**
 * The OA's token pair as one RecordStore document. The tokens themselves are sealed
 * (AES-256-GCM, bound to this record); what other processes and /readyz need to read (expiry,
 * the last failure) stays beside them in clear, and holds nothing secret.
 */
export const TOKENS_COLLECTION = 'tokens';
export const TOKENS_ID = 'zalo';
const AAD = 'tokens:zalo';

export interface TokenPair {
  accessToken: string;
  refreshToken?: string;
}

export interface TokenFailure {
  /** refused: Zalo said no (do not retry); transient: no usable answer (retry after `retryAfter`). */
  kind: 'refused' | 'transient';
  code: string;
  description?: string;
  at: number;
  retryAfter?: number;
  /** Failures in a row of this kind (for the backoff). */
  count: number;
  /** Fingerprint of the refresh token that failed: a failure of an older token no longer counts. */
  forToken: string;
}

export interface ZaloTokenDoc {
  /** Sealed TokenPair. */
  sealed: string;
  /** When the access token stops working (ms); unknown for tokens pasted from the API explorer. */
  accessExpiresAt?: number;
  /** From then on (ms) a refresh is due. */
  refreshDueAt: number;
  refreshedAt?: number;
  /** Fingerprint of the environment tokens this record was seeded from. */
  seededFrom?: string;
  /** The last refresh failure, for every process and /readyz; cleared by a success. */
  failure?: TokenFailure;
}

export interface LoadedTokens {
  version: number;
  doc: ZaloTokenDoc;
  pair: TokenPair;
  readAt: number;
}

export class TokenRecord {
  constructor(
    private readonly records: RecordStore,
    private readonly cipher: Cipher,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  read(): Promise<StoredRecord<ZaloTokenDoc> | undefined> {
    return this.records.get<ZaloTokenDoc>(TOKENS_COLLECTION, TOKENS_ID);
  }

  /** Throws DecryptionError when the pair was sealed with another key. */
  open(raw: StoredRecord<ZaloTokenDoc>, readAt: number): LoadedTokens {
    return { version: raw.version, doc: raw.doc, pair: this.cipher.openJson<TokenPair>(raw.doc.sealed, AAD), readAt };
  }

  seal(pair: TokenPair): string {
    return this.cipher.sealJson(pair, AAD);
  }

  insert(doc: ZaloTokenDoc): Promise<boolean> {
    return this.records.insert(TOKENS_COLLECTION, TOKENS_ID, doc);
  }

  /** Conditional on the version read: false when another process wrote in between. */
  replaceIf(version: number, doc: ZaloTokenDoc): Promise<boolean> {
    return this.records.replaceIf(TOKENS_COLLECTION, TOKENS_ID, version, doc);
  }

  put(doc: ZaloTokenDoc): Promise<void> {
    return this.records.put(TOKENS_COLLECTION, TOKENS_ID, doc);
  }

  /** A keyed hash: tells tokens apart without keeping them in clear. */
  fingerprint(value: string): string {
    return this.pseudonyms.pseudonym('zalo-token', value).slice(0, 22);
  }

  /** The failure recorded for the refresh token now stored, if any. */
  failureOf(t: LoadedTokens): TokenFailure | undefined {
    const f = t.doc.failure;
    return f && t.pair.refreshToken && f.forToken === this.fingerprint(t.pair.refreshToken) ? f : undefined;
  }
}
