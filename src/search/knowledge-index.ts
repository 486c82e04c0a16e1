import MiniSearch from 'minisearch';
import { LOCALES, type Locale } from '../content/schemas';
import type { Article, Content } from '../content/types';
import { TextNormalizer } from './normalize';

export interface SearchHit {
  id: string;
  locale: Locale;
  topic: string;
  title: string;
  /** Relevance from the index (BM25+, field-boosted); comparable within one query only. */
  score: number;
  /** Query terms this article matched: why it scored. */
  terms: string[];
}

export interface SearchResult {
  query: string;
  /** True when the best match is confident enough to answer with it. */
  answered: boolean;
  /** 0..1: the share of the query's information the best match explains. */
  confidence: number;
  results: SearchHit[];
  /** Distinct topics of the results, best first. */
  topics: string[];
  /** Words (two-syllable terms) the question shares with the best article. */
  wordMatches: number;
  /** Query terms inside an out-of-scope phrase (content/search/dictionary.yaml `outOfScope`). */
  outOfScope: string[];
  /**
   * The danger or violence phrase the question contains (dictionary `sensitive`): the answer
   * must offer the support path whatever its topic.
   */
  sensitive?: string;
}

export interface SearchOptions {
  /** Below this confidence the bot offers topics instead of answering. */
  minConfidence: number;
  /**
   * The best article must also share at least this many words (two-syllable terms) with the
   * question: single common syllables ("gia", "bao") match nearly anything.
   */
  minWordMatches: number;
  limit: number;
}

/**
 * Calibrated on test/fixtures/questions.yaml (see test/search/accuracy.test.ts): at 0.35 and two
 * words, about 4 in 5 on-topic questions are answered directly, fewer than 1 in 20 wrongly, and
 * off-topic questions fall back. Lowering the confidence to 0.3 answers ~7% more questions but
 * lets a fifth of off-topic ones through; raising it to 0.4 costs ~5% of direct answers for
 * a small drop in wrong ones. A fallback still offers the three closest topics, so it costs one
 * tap while a wrong answer costs trust.
 */
export const DEFAULT_SEARCH_OPTIONS: SearchOptions = { minConfidence: 0.35, minWordMatches: 2, limit: 5 };

interface Doc {
  id: string;
  topic: string;
  title: string;
  keywords: string;
  questions: string;
  body: string;
}

/**
 * The knowledge index: one MiniSearch index per language over titles, residents' questions,
 * keywords and text, with Vietnamese-aware terms (see normalize.ts).
 *
 * Confidence is what decides between answering and offering topics, so it must mean something
 * on its own: it is the IDF-weighted share of the query's terms that the top article contains.
 * A query full of words the knowledge base never uses ("giá lúa hôm nay") scores low even if one
 * common word matches, and the bot falls back instead of answering wrongly. Words of
 * out-of-scope phrases ("thủ tục đăng ký kết hôn", "bảo hiểm y tế") count in the query but never
 * as explained, so a question about them falls back even when an article mentions the words.
 *
 * Measured on test/fixtures/questions.yaml and left out: a second index of single resident
 * questions fused with this one (top-1 down 1 to 3 points), lifting articles whose topic has
 * several good matches (no gain at any weight tried), and bigrams that skip stopwords (top-1
 * down 1.4 points for top-3 up 1). Field boosts and BM25 parameters barely move the ranking.
 */
export class KnowledgeIndex {
  readonly normalizer: TextNormalizer;
  private readonly indexes = new Map<Locale, { mini: MiniSearch<Doc>; df: Map<string, number>; n: number; byId: Map<string, Article> }>();
  private readonly victimAvoids: Set<string>;

  constructor(
    content: Content,
    private readonly options: SearchOptions = DEFAULT_SEARCH_OPTIONS,
  ) {
    this.normalizer = new TextNormalizer(content.dictionary);
    this.victimAvoids = new Set(content.dictionary.victimVoiceAvoids);
    const tokenize = (text: string) => this.normalizer.terms(text);
    for (const locale of LOCALES) {
      const mini = new MiniSearch<Doc>({
        fields: ['title', 'questions', 'keywords', 'body'],
        storeFields: ['topic', 'title'],
        tokenize,
        processTerm: (t) => t,
        searchOptions: {
          tokenize,
          processTerm: (t) => t,
          boost: { title: 2, questions: 2.5, keywords: 2, body: 1 },
          combineWith: 'OR',
        },
      });
      const df = new Map<string, number>();
      const byId = new Map<string, Article>();
      const docs = content.articles[locale].map((a) => {
        byId.set(a.id, a);
        const doc: Doc = {
          id: a.id,
          topic: a.topic,
          title: a.title,
          keywords: a.keywords.join(' . '),
          questions: a.questions.join(' . '),
          body: a.text,
        };
        for (const t of new Set(tokenize(`${doc.title} ${doc.keywords} ${doc.questions} ${doc.body}`))) {
          df.set(t, (df.get(t) ?? 0) + 1);
        }
        return doc;
      });
      mini.addAll(docs);
      this.indexes.set(locale, { mini, df, n: docs.length, byId });
    }
  }

  /**
   * Searches the resident's language first; when that is not confident, the other language too
   * (an English question from a resident whose language is Vietnamese still finds its answer).
   */
  search(query: string, locale: Locale): SearchResult {
    const first = this.searchLocale(query, locale);
    if (first.answered) return first;
    const other = LOCALES.find((l) => l !== locale)!;
    const second = this.searchLocale(query, other);
    return second.confidence > first.confidence ? second : first;
  }

  article(locale: Locale, id: string): Article | undefined {
    return this.indexes.get(locale)?.byId.get(id);
  }

  searchLocale(query: string, locale: Locale): SearchResult {
    const index = this.indexes.get(locale)!;
    const qTerms = [...new Set(this.normalizer.terms(query))];
    const outOfScope = this.normalizer.outOfScopeTerms(query);
    const sensitive = this.normalizer.sensitivePhrase(query);
    const empty: SearchResult = { query, answered: false, confidence: 0, results: [], topics: [], wordMatches: 0, outOfScope, sensitive };
    if (qTerms.length === 0) return empty;
    let raw = index.mini.search(query);
    if (this.victimAvoids.size > 0 && this.normalizer.inVictimVoice(query)) {
      // "He hits me" is never answered with advice for the person who hits: those articles go last.
      raw = [...raw.filter((r) => !this.victimAvoids.has(r['topic'] as string)), ...raw.filter((r) => this.victimAvoids.has(r['topic'] as string))];
    }
    const results: SearchHit[] = raw.slice(0, this.options.limit).map((r) => ({
      id: r.id as string,
      locale,
      topic: r['topic'] as string,
      title: r['title'] as string,
      score: Math.round(r.score * 1000) / 1000,
      terms: r.terms,
    }));
    if (results.length === 0) return empty;
    const idf = (t: string) => Math.log(1 + (index.n + 1) / ((index.df.get(t) ?? 0) + 0.5));
    const total = qTerms.reduce((s, t) => s + idf(t), 0);
    const out = new Set(outOfScope);
    const matched = new Set(results[0]!.terms.filter((t) => !out.has(t)));
    const covered = qTerms.filter((t) => matched.has(t)).reduce((s, t) => s + idf(t), 0);
    const confidence = total > 0 ? Math.round((covered / total) * 1000) / 1000 : 0;
    const words = qTerms.filter((t) => t.includes('_') && matched.has(t)).length;
    const topics = [...new Set(results.map((r) => r.topic))];
    const answered = confidence >= this.options.minConfidence && words >= this.options.minWordMatches;
    return { query, answered, confidence, results, topics, wordMatches: words, outOfScope, sensitive };
  }
}
