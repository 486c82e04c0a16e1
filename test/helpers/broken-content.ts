import fs from 'node:fs';
import path from 'node:path';
import { ContentError } from '../../src/content/errors';
import { loadContent } from '../../src/content/load';
import { CONTENT_DIR, tempDir } from './env';

/** A copy of the real content folder, to break one thing in. */
export function copyContent(): string {
  const dir = path.join(tempDir(), 'content');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  return dir;
}

/** Edits a file in place; an edit that changes nothing fails the test (it would prove nothing). */
export function editFile(file: string, fn: (s: string) => string): void {
  const before = fs.readFileSync(file, 'utf8');
  const after = fn(before);
  if (after === before) throw new Error(`the edit changed nothing in ${file}`);
  fs.writeFileSync(file, after);
}

/** The ContentError a broken folder stops startup with. */
export function contentErrorOf(dir: string): ContentError {
  try {
    loadContent(dir);
  } catch (err) {
    if (err instanceof ContentError) return err;
    throw err;
  }
  throw new Error('content loaded although it was broken');
}
