import type { Service } from './schemas';
import type { Content } from './types';
import { LOCALES } from './schemas';
import { fold, simplify } from '../search/normalize';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Phone-like digit runs in text: emergency short numbers (111–115), 1800/1900 lines and ordinary
 * numbers. Article and decree numbers ("Điều 134", "Nghị định 125") and ratios ("112 bé trai")
 * are not phones. Shared by the editors' report and the content tests.
 */
export const PHONE_LIKE =
  /(?<!(?:Điều|khoản|điểm|Article|số|Chương|Decree|Nghị định)\s)\b(?:11[1-5](?!\s*(?:bé|boys|trẻ|%|\/))|1[89]00[ .]?\d{3,4}[ .]?\d{3,4}|0\d{2,3}[ .]?\d{3,4}[ .]?\d{3,4})\b/;

/** Residents' questions per article: fewer is too little for search, more dilutes it. */
export const QUESTIONS_PER_ARTICLE = { min: 4, max: 8 } as const;

/** Directory entries whose number was verified longer ago than `maxAgeDays`. */
export function staleServices(content: Content, maxAgeDays: number, now = new Date()): Service[] {
  return content.services.filter((s) => s.verified && now.getTime() - Date.parse(`${s.verified}T00:00:00+07:00`) > maxAgeDays * DAY_MS);
}

export interface EditorReport {
  counts: Record<string, { vi: number; en: number }>;
  warnings: string[];
}

/** A file whose text may name article or topic ids (content files, code, tests). */
export interface ReferencingFile {
  path: string;
  text: string;
}

/**
 * What an editor should look at, beyond what stops startup: thin topics, articles without
 * sources, questions written twice or holding a phone number, too few or too many questions,
 * numbers not verified, links to ids that do not exist, and so on. Warnings do not stop the bot.
 */
export function editorReport(
  content: Content,
  opts: { minArticlesPerTopic: number; maxServiceAgeDays: number; files?: ReferencingFile[] },
): EditorReport {
  const warnings: string[] = [];
  const counts: EditorReport['counts'] = {};
  for (const id of content.topics.keys()) {
    counts[id] = { vi: content.topicArticles('vi', id).length, en: content.topicArticles('en', id).length };
    if (counts[id].vi < opts.minArticlesPerTopic) {
      warnings.push(`topic ${id}: ${counts[id].vi} Vietnamese article(s), fewer than ${opts.minArticlesPerTopic}`);
    }
    if (!content.topicArticles('vi', id).some((a) => a.core)) warnings.push(`topic ${id}: no core article (core articles are the ones translated)`);
  }
  for (const locale of LOCALES) {
    const seen = new Map<string, string>();
    for (const a of content.articles[locale]) {
      if (a.sources.length === 0) warnings.push(`${a.file}: no sources`);
      const n = a.questions.length;
      if (n < QUESTIONS_PER_ARTICLE.min || n > QUESTIONS_PER_ARTICLE.max) {
        warnings.push(`${a.file}: ${n} question(s); write ${QUESTIONS_PER_ARTICLE.min} to ${QUESTIONS_PER_ARTICLE.max} in residents' words`);
      }
      if (locale === 'vi' && n > 0 && !a.questions.some((q) => fold(q) === q.toLowerCase())) {
        warnings.push(`${a.file}: no question typed without diacritics, as many residents write`);
      }
      for (const q of [...a.questions, ...a.keywords]) {
        if (PHONE_LIKE.test(q)) warnings.push(`${a.file}: "${q}" holds a phone number; numbers belong in services.yaml`);
      }
      for (const q of a.questions) {
        const key = simplify(q);
        const other = seen.get(key);
        if (other) warnings.push(`${a.file}: question "${q}" is also in ${other === a.id ? 'this article' : other}`);
        seen.set(key, a.id);
      }
    }
  }
  warnings.push(...missingReferences(content, opts.files ?? []));
  for (const s of content.services) {
    if (s.phone && !s.verified) warnings.push(`services.yaml ${s.id}: number ${s.phone} is not verified, so the bot never shows it`);
  }
  for (const s of staleServices(content, opts.maxServiceAgeDays)) {
    warnings.push(`services.yaml ${s.id}: verified on ${s.verified}, more than ${opts.maxServiceAgeDays} days ago`);
  }
  return { counts, warnings };
}

/**
 * Ids that look like article ids (a topic id followed by more words: "dv-help-where-to-report")
 * but name nothing in the content. Catches a renamed or deleted article still named in a
 * dialog, a test, a quiz or another article. Quiz, round, question, service and group ids are
 * known ids too. A line that names a missing id on purpose (a test of this check, a note about
 * a removed article) carries `content-check: ignore`.
 */
export function missingReferences(content: Content, files: ReferencingFile[]): string[] {
  const known = new Set<string>([
    ...content.topics.keys(),
    ...content.groups.map((g) => g.id),
    ...LOCALES.flatMap((l) => content.articles[l].map((a) => a.id)),
    ...content.services.map((s) => s.id),
    ...content.quizzes.flatMap((q) => [q.id, ...q.rounds.flatMap((r) => [r.id, ...r.questions.map((x) => x.id)])]),
  ]);
  const prefixes = [...content.topics.keys()].sort((a, b) => b.length - a.length);
  const idLike = new RegExp(`(?<![\\w-])(?:${prefixes.join('|')})(?:-[a-z0-9]+)+(?![\\w-])`, 'g');
  const out: string[] = [];
  for (const f of files) {
    const lines = f.text.split('\n');
    lines.forEach((line, i) => {
      if (line.includes('content-check: ignore')) return;
      for (const m of line.matchAll(idLike)) {
        if (!known.has(m[0])) out.push(`${f.path}:${i + 1}: "${m[0]}" names no article, topic or other content id`);
      }
    });
  }
  return out;
}
