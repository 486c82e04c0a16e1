import { loadConfig } from '../config';
import { loadContent } from '../content/load';
import { ContentError } from '../content/errors';
import { DEFAULT_SEARCH_OPTIONS, KnowledgeIndex } from '../search/knowledge-index';
import type { Locale } from '../content/schemas';

/**
 * `npm run ask -- [--json] [--en] "question"`: how the bot would answer a question, for editors.
 * Prints how the question reads to search, the top 5 matches with the terms that made each one
 * score, whether the bot would answer or offer topics instead (and why), and whether it offers
 * the support path. `--json` prints exactly {query, answered, results: [{id, topic, title, score}]}.
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
  const n = index.normalizer;
  process.stdout.write(`query: ${query}\nsearch form: ${n.canonical(query)}\nterms: ${n.terms(query).join(', ')}\n`);
  if (r.outOfScope.length > 0) process.stdout.write(`out of scope (never counted as explained): ${r.outOfScope.join(', ')}\n`);
  if (n.inVictimVoice(query)) process.stdout.write('in the voice of the person being hurt: articles for people who use violence go last\n');
  process.stdout.write('\n');
  r.results.forEach((h, i) => {
    process.stdout.write(`${i + 1}. ${h.id}  [${h.topic}] (${h.locale})  score ${h.score}\n   ${h.title}\n   matched: ${h.terms.join(', ')}\n`);
  });
  if (r.results.length === 0) process.stdout.write('(no match)\n');
  const why = `confidence ${r.confidence}, needs ${DEFAULT_SEARCH_OPTIONS.minConfidence}; words shared ${r.wordMatches}, needs ${DEFAULT_SEARCH_OPTIONS.minWordMatches}`;
  process.stdout.write(
    r.answered
      ? `\n=> answers with ${r.results[0]!.id} (${why})\n`
      : `\n=> falls back (${why}), offering topics: ${r.topics.slice(0, 3).join(', ') || '(defaults)'} and the menu\n`,
  );
  if (r.sensitive) process.stdout.write(`   and offers the support path: the question mentions danger or violence ("${r.sensitive}")\n`);
}

main();
