import type { Area, Commands, Dictionary, DistressPhrases, Locale, Localized, Quiz, Service, Source, SupportPath } from './schemas';

export interface Topic {
  id: string;
  title: Localized;
  sensitive: boolean;
  group: string;
}

export interface TopicGroup {
  id: string;
  title: Localized;
  topics: string[];
}

export interface Article {
  id: string;
  locale: Locale;
  topic: string;
  title: string;
  summary?: string;
  core: boolean;
  order: number;
  keywords: string[];
  questions: string[];
  sources: Source[];
  related: string[];
  /** Markdown body as written (with {{phone:...}} placeholders). */
  body: string;
  /** Plain chat text: Markdown flattened, placeholders filled from the directory. */
  text: string;
  file: string;
}

/** Everything in content/, validated and frozen. Built once at startup. */
export interface Content {
  dir: string;
  groups: TopicGroup[];
  topics: Map<string, Topic>;
  articles: Record<Locale, Article[]>;
  services: Service[];
  area: Area;
  quizzes: Quiz[];
  dictionary: Dictionary;
  commands: Commands;
  /** The support path: words of distress and what each choice offers (content/support/). */
  support: { distress: DistressPhrases; path: SupportPath };
  /** i18next resources: locale -> namespace -> keys. */
  locales: Record<Locale, Record<string, Record<string, unknown>>>;
  article(locale: Locale, id: string): Article | undefined;
  topicArticles(locale: Locale, topicId: string): Article[];
  service(id: string): Service | undefined;
}
