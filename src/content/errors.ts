import { AppError } from '../errors';

/** A content file is broken; the message names the file and the field. */
export class ContentError extends AppError {
  constructor(
    readonly file: string,
    readonly field: string,
    detail: string,
  ) {
    super('CONTENT_INVALID', `${file}${field ? ` (${field})` : ''}: ${detail}`);
    this.name = 'ContentError';
  }
}
