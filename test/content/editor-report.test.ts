import fs from 'node:fs';
import path from 'node:path';
import { editorReport, missingReferences } from '../../src/content/checks';
import { loadContent } from '../../src/content/load';
import { CONTENT_DIR, realContent, tempDir } from '../helpers/env';

/** A copy of the real content with one article edited. */
function contentWith(file: string, fn: (s: string) => string) {
  const dir = path.join(tempDir(), 'content');
  fs.cpSync(CONTENT_DIR, dir, { recursive: true });
  const p = path.join(dir, file);
  fs.writeFileSync(p, fn(fs.readFileSync(p, 'utf8')));
  return loadContent(dir);
}

const report = (c: ReturnType<typeof realContent>) => editorReport(c, { minArticlesPerTopic: 3, maxServiceAgeDays: 100000 }).warnings;

describe("editors' report (npm run content:check)", () => {
  it('names a question that holds a phone number', () => {
    const c = contentWith('articles/vi/dv-help-where-to-report.md', (s) => s.replace(/^questions:\n/m, 'questions:\n  - "gọi 113 có được không"\n'));
    expect(report(c)).toContainEqual(expect.stringMatching(/dv-help-where-to-report\.md: "gọi 113 có được không" holds a phone number/));
  });

  it('names a question written in two articles', () => {
    const c = contentWith('articles/vi/dv-help-where-to-report.md', (s) => s.replace(/^questions:\n/m, 'questions:\n  - "Bạo lực tinh thần là gì?"\n  - "bạo lực tinh thần là gì"\n'));
    expect(report(c)).toContainEqual(expect.stringMatching(/question "bạo lực tinh thần là gì" is also in this article/));
  });

  it('names an article with too few questions or none without diacritics', () => {
    const c = contentWith('articles/vi/ge-work-women-business.md', (s) => s.replace(/^questions:\n(  - .*\n)+/m, 'questions:\n  - "Phụ nữ có được mở cửa hàng không?"\n'));
    const w = report(c);
    expect(w).toContainEqual(expect.stringMatching(/ge-work-women-business\.md: 1 question\(s\); write 4 to 8/));
    expect(w).toContainEqual(expect.stringMatching(/ge-work-women-business\.md: no question typed without diacritics/));
  });

  it('names an id that no longer exists wherever it is written', () => {
    const c = realContent();
    const files = [{ path: 'dialogs/example.ts', text: "const a = 'emergency-in-danger-now';\nconst b = 'dv-help-no-contact-order';\nconst t = 'dv-help';" }]; // content-check: ignore
    expect(missingReferences(c, files)).toEqual(['dialogs/example.ts:2: "dv-help-no-contact-order" names no article, topic or other content id']); // content-check: ignore
  });

  it('is quiet about the real articles', () => {
    expect(report(realContent()).filter((w) => !w.startsWith('services.yaml'))).toEqual([]);
  });
});
