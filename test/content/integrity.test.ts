import fs from 'node:fs';
import path from 'node:path';
import { editorReport, missingReferences, PHONE_LIKE, QUESTIONS_PER_ARTICLE } from '../../src/content/checks';
import { isShowable } from '../../src/content/render';
import { realContent, ROOT } from '../helpers/env';

const content = realContent();

/**
 * National numbers as the project's fact sheet confirms them (shared/reference/laws-and-services.md
 * §1: 113 police, 115 ambulance, 114 fire, 111 child protection and anti-trafficking). A change
 * here must come with a change in the fact sheet.
 */
const CONFIRMED_NATIONAL = { 'police-113': '113', 'ambulance-115': '115', 'fire-114': '114', 'hotline-111': '111' };
/** Numbers that must never be shown: replaced (1800 1567) or not for this province (1800 1744). */
const NEVER = ['1800 1567', '18001567', '1800 1744', '18001744'];

/** What a resident reads of an article, with the {{phone:…}} placeholders taken out. */
const readable = (a: { title: string; summary?: string; body: string }) =>
  `${a.title}\n${a.summary ?? ''}\n${a.body}`.replace(/\{\{[^}]+\}\}/g, '');

describe('content integrity', () => {
  it('every article has at least one source naming a law or document', () => {
    for (const a of [...content.articles.vi, ...content.articles.en]) {
      expect({ file: a.file, sources: a.sources.length }).toEqual({ file: a.file, sources: expect.any(Number) });
      expect(a.sources.length).toBeGreaterThan(0);
      for (const s of a.sources) expect(s.law.length).toBeGreaterThan(3);
    }
  });

  it('every topic has a Vietnamese and an English article, and every core article is translated', () => {
    for (const id of content.topics.keys()) {
      expect(content.topicArticles('vi', id).length).toBeGreaterThan(0);
      expect(content.topicArticles('en', id).length).toBeGreaterThan(0);
    }
    const missing = content.articles.vi.filter((a) => a.core && !content.article('en', a.id)).map((a) => a.id);
    expect(missing).toEqual([]);
  });

  it('no article writes a phone number itself: numbers come from services.yaml', () => {
    const offenders = [...content.articles.vi, ...content.articles.en]
      .filter((a) => PHONE_LIKE.test(readable(a)))
      .map((a) => `${a.file}: ${PHONE_LIKE.exec(readable(a))![0]}`);
    expect(offenders).toEqual([]);
  });

  it('every number the bot can show is verified, with its source and date', () => {
    for (const s of content.services.filter(isShowable)) {
      expect({ id: s.id, verified: s.verified, sources: s.source.length > 0 }).toEqual({ id: s.id, verified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), sources: true });
    }
  });

  it('the national numbers match the fact sheet', () => {
    for (const [id, phone] of Object.entries(CONFIRMED_NATIONAL)) {
      const s = content.service(id);
      expect(s && isShowable(s) ? s.phone : null).toBe(phone);
      expect(s!.scope).toBe('national');
    }
  });

  it('never shows a replaced or out-of-province number, anywhere', () => {
    const shown = [
      ...content.services.filter(isShowable).map((s) => s.phone),
      ...[...content.articles.vi, ...content.articles.en].map((a) => a.text),
      ...Object.values(content.locales).map((l) => JSON.stringify(l)),
      // Quizzes too: a wrong option is still a number printed in front of a resident.
      ...content.quizzes.map((q) => JSON.stringify(q)),
    ].join('\n');
    for (const n of NEVER) expect(shown).not.toContain(n);
  });

  it('confidential entries (shelters, trusted addresses) carry no address', () => {
    for (const s of content.services.filter((x) => x.confidential)) expect(s.address).toBeNull();
  });

  it('says nothing about district (huyện) offices as if they still existed', () => {
    const current = /(?<!trước đây[^.]{0,60})\b(Phòng [^.]{0,30} huyện|Công an huyện|UBND huyện|Hội Phụ nữ huyện)\b/i;
    const offenders = content.articles.vi.filter((a) => current.test(a.text)).map((a) => a.file);
    expect(offenders).toEqual([]);
  });

  it('the English and Vietnamese versions of an article share topic and sources', () => {
    for (const en of content.articles.en) {
      const vi = content.article('vi', en.id)!;
      expect(en.topic).toBe(vi.topic);
      expect(en.sources.map((s) => s.law)).toEqual(vi.sources.map((s) => s.law));
    }
  });
});

describe('knowledge base depth and correctness (issue: complete, correct, and found)', () => {
  const all = [...content.articles.vi, ...content.articles.en];
  /** What a resident reads: title, summary, body and the source lines. */
  const shown = (a: (typeof all)[number]) =>
    `${a.title}\n${a.summary ?? ''}\n${a.text}\n${a.sources.map((s) => `${s.law} ${s.article ?? ''}`).join('\n')}`;

  it('has at least 60 Vietnamese articles and at least 3 in every topic, each topic with a translated core article', () => {
    expect(content.articles.vi.length).toBeGreaterThanOrEqual(60);
    for (const id of content.topics.keys()) {
      expect({ id, vi: content.topicArticles('vi', id).length >= 3 }).toEqual({ id, vi: true });
      const core = content.topicArticles('vi', id).filter((a) => a.core);
      expect({ id, core: core.length > 0 && core.every((a) => content.article('en', a.id)) }).toEqual({ id, core: true });
    }
  });

  it(`lists ${QUESTIONS_PER_ARTICLE.min} to ${QUESTIONS_PER_ARTICLE.max} residents' questions per article, none repeated, none with a phone number`, () => {
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const a of all) {
      if (a.questions.length < QUESTIONS_PER_ARTICLE.min || a.questions.length > QUESTIONS_PER_ARTICLE.max) problems.push(`${a.id}: ${a.questions.length} questions`);
      for (const q of [...a.questions, ...a.keywords]) if (PHONE_LIKE.test(q)) problems.push(`${a.id}: "${q}" holds a number`);
      for (const q of a.questions) {
        const key = `${a.locale}:${q.toLowerCase().normalize('NFC').replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
        if (seen.has(key)) problems.push(`${a.id}: "${q}" also in ${seen.get(key)}`);
        seen.set(key, a.id);
      }
    }
    expect(problems).toEqual([]);
  });

  it('Vietnamese articles carry questions typed without diacritics too, as many residents write', () => {
    const plain = (q: string) => q.normalize('NFD').replace(/\p{M}/gu, '') === q.normalize('NFD') && !/đ/i.test(q);
    const missing = content.articles.vi.filter((a) => !a.questions.some(plain)).map((a) => a.id);
    expect(missing).toEqual([]);
  });

  it('states no doubt as if it were fact: no "unconfirmed" hedges, no national DV hotline number', () => {
    const offenders = all.filter((a) => /chưa xác nhận|unconfirmed|not confirmed/i.test(shown(a))).map((a) => a.file);
    expect(offenders).toEqual([]);
    // The national DV hotline has no published number (fact sheet §0.6): an article may say so, never give one.
    const dvHotline = /(tổng đài[^.]{0,60}bạo lực gia đình|domestic[- ]violence hotline)[^.]{0,40}\b\d{3,}/i;
    expect(all.filter((a) => dvHotline.test(a.text)).map((a) => a.file)).toEqual([]);
  });

  it('gives 2025 facts right: ND 282/2025 for DV fines, ND 144/2021 only as replaced, law 53/2024 for trafficking, 111 for trafficking', () => {
    for (const a of all.filter((x) => /144\/2021/.test(x.text))) {
      expect({ file: a.file, says282: /282\/2025/.test(a.text) }).toEqual({ file: a.file, says282: true });
    }
    for (const a of all) {
      for (const s of a.sources) expect({ file: a.file, source: s.law }).not.toEqual({ file: a.file, source: expect.stringMatching(/144\/2021/) });
    }
    const fines = [content.article('vi', 'dv-law-fines')!, content.article('en', 'dv-law-fines')!];
    for (const a of fines) expect(a.text).toMatch(/282\/2025/);
    // The trafficking law in force is the 2024 one (53/2024/QH15, in force 1/7/2025).
    const namesLaw = /Luật Phòng, chống mua bán người|Law on Preventing and Combating Human Trafficking/i;
    for (const a of all.filter((x) => namesLaw.test(shown(x)))) {
      expect({ file: a.file, cites2024: /2024/.test(shown(a)) }).toEqual({ file: a.file, cites2024: true });
    }
    // Every trafficking article tells residents they can call 111 (national anti-trafficking line since ND 162/2025).
    for (const a of [...content.topicArticles('vi', 'trafficking'), ...content.topicArticles('en', 'trafficking')]) {
      expect({ file: a.file, calls111: a.body.includes('{{phone:hotline-111}}') }).toEqual({ file: a.file, calls111: true });
    }
  });

  it('every id the code, tests and content name (related links, article ids) exists', () => {
    const files: { path: string; text: string }[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|md|ya?ml|json)$/.test(e.name)) files.push({ path: path.relative(ROOT, p), text: fs.readFileSync(p, 'utf8') });
      }
    };
    ['content', 'src', 'dialogs', 'test'].forEach((d) => walk(path.join(ROOT, d)));
    expect(missingReferences(content, files)).toEqual([]);
    for (const a of all) {
      for (const r of a.related) expect({ file: a.file, r, exists: content.topics.has(r) || !!content.article('vi', r) || !!content.article('en', r) }).toEqual({ file: a.file, r, exists: true });
    }
  });

  it("leaves the editors' report with nothing to fix in the articles", () => {
    const { warnings } = editorReport(content, { minArticlesPerTopic: 3, maxServiceAgeDays: 100000 });
    // Unverified directory numbers are expected (they wait for the commune); article warnings are not.
    expect(warnings.filter((w) => !w.startsWith('services.yaml'))).toEqual([]);
  });
});
