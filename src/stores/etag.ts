import { AppError } from '../errors';

/** The error every backend raises on a stale eTag (botbuilder's MemoryStorage wording). */
export function etagConflict(key: string): AppError {
  return new AppError('STORE_CONFLICT', `Storage: error writing "${key}" due to eTag conflict.`);
}

export function isEtagConflict(err: unknown): boolean {
  return err instanceof AppError && err.code === 'STORE_CONFLICT';
}
