import { isShowable } from '../../src/content/render';
import { realContent } from '../helpers/env';

const content = realContent();

/**
 * National numbers as the project's fact sheet confirms them (shared/reference/laws-and-services.md
 * §1: 113 police, 115 ambulance, 114 fire, 111 child protection and anti-trafficking). A change
 * here must come with a change in the fact sheet.
 */
const CONFIRMED_NATIONAL = { 'police-113': '113', 'ambulance-115': '115', 'fire-114': '114', 'hotline-111': '111' };
/** Numbers that must never be shown: replaced (1800 1567) or not for this province (1800 1744). */
const NEVER = ['1800 1567', '18001567', '1800 1744', '18001744'];

/** Phone-like digit runs in text a resident reads. Article numbers ("Điều 134") are not phones. */
const PHONE_LIKE =
  /(?<!(?:Điều|khoản|điểm|Article|số|Chương|Decree|Nghị định)\s)\b(?:11[1-5](?!\s*(?:bé|boys|trẻ|%|\/))|1[89]00[ .]?\d{3,4}[ .]?\d{3,4}|0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4})\b/;
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
