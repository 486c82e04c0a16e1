import { loadConfig } from '../config';
import { loadContent } from '../content/load';
import { ContentError } from '../content/errors';
import { KnowledgeIndex } from '../search/knowledge-index';
import type { Locale } from '../content/schemas';

/**
 * `npm run ask -- [--json] [--en] "question"`: how the bot would answer a question, for editors.
 * Prints the top 5 matches, the terms that made each one score, and whether the bot would answer
 * or offer topics instead.
 */
function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const locale: Locale = args.includes('--en') ? 'en' : 'vi';
  const query = args.filter((a) => !a.startsWith('--')).join(' ').trim();
  if (!query) {
    process.stderr.write('usage: npm run ask -- [--json] [--en] "câu hỏi"\n');
    process.exit(2);
  }
  let content;
  try {
    content = loadContent(loadConfig(process.env).contentDir);
  } catch (err) {
    if (err instanceof ContentError) {
      process.stderr.write(`content error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const index = new KnowledgeIndex(content);
  const r = index.search(query, locale);
  if (json) {
    process.stdout.write(
      JSON.stringify({ query, answered: r.answered, results: r.results.map(({ id, topic, title, score }) => ({ id, topic, title, score })) }) + '\n',
    );
    return;
  }
  process.stdout.write(`query: ${query}\nsearch form: ${index.normalizer.canonical(query)}\n\n`);
  r.results.forEach((h, i) => {
    process.stdout.write(`${i + 1}. ${h.id}  [${h.topic}] (${h.locale})  score ${h.score}\n   ${h.title}\n   matched: ${h.terms.join(', ')}\n`);
  });
  if (r.results.length === 0) process.stdout.write('(no match)\n');
  process.stdout.write(
    r.answered
      ? `\n=> answers with ${r.results[0]!.id} (confidence ${r.confidence})\n`
      : `\n=> falls back (confidence ${r.confidence}), offering topics: ${r.topics.slice(0, 3).join(', ') || '(defaults)'} and the menu\n`,
  );
}

main();
