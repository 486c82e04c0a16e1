import type { Service } from './schemas';
import type { Content } from './types';
import { LOCALES } from './schemas';
import { simplify } from '../search/normalize';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Directory entries whose number was verified longer ago than `maxAgeDays`. */
export function staleServices(content: Content, maxAgeDays: number, now = new Date()): Service[] {
  return content.services.filter((s) => s.verified && now.getTime() - Date.parse(`${s.verified}T00:00:00+07:00`) > maxAgeDays * DAY_MS);
}

export interface EditorReport {
  counts: Record<string, { vi: number; en: number }>;
  warnings: string[];
}

/**
 * What an editor should look at, beyond what stops startup: thin topics, questions written
 * twice, entries not verified, and so on. Warnings do not stop the bot.
 */
export function editorReport(content: Content, opts: { minArticlesPerTopic: number; maxServiceAgeDays: number }): EditorReport {
  const warnings: string[] = [];
  const counts: EditorReport['counts'] = {};
  for (const id of content.topics.keys()) {
    counts[id] = { vi: content.topicArticles('vi', id).length, en: content.topicArticles('en', id).length };
    if (counts[id].vi < opts.minArticlesPerTopic) {
      warnings.push(`topic ${id}: ${counts[id].vi} Vietnamese article(s), fewer than ${opts.minArticlesPerTopic}`);
    }
  }
  for (const locale of LOCALES) {
    const seen = new Map<string, string>();
    for (const a of content.articles[locale]) {
      if (a.sources.length === 0) warnings.push(`${a.file}: no sources`);
      if (a.questions.length === 0) warnings.push(`${a.file}: lists no questions residents ask`);
      for (const q of a.questions) {
        const key = simplify(q);
        const other = seen.get(key);
        if (other && other !== a.id) warnings.push(`${a.file}: question "${q}" is also in ${other}`);
        seen.set(key, a.id);
      }
    }
  }
  for (const s of content.services) {
    if (s.phone && !s.verified) warnings.push(`services.yaml ${s.id}: number ${s.phone} is not verified, so the bot never shows it`);
  }
  for (const s of staleServices(content, opts.maxServiceAgeDays)) {
    warnings.push(`services.yaml ${s.id}: verified on ${s.verified}, more than ${opts.maxServiceAgeDays} days ago`);
  }
  return { counts, warnings };
}
