import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import YAML from 'yaml';
import type { z } from 'zod';
import { ContentError } from './errors';
import { fillPlaceholders, markdownToChat } from './render';
import {
  LOCALES,
  areaSchema,
  articleFrontmatterSchema,
  commandsSchema,
  dictionarySchema,
  distressSchema,
  quizSchema,
  servicesFileSchema,
  supportPathSchema,
  topicsFileSchema,
  type Locale,
  type Quiz,
  type Service,
} from './schemas';
import type { Article, Content, Topic } from './types';
import { compilePhrase, PhraseFolder } from '../search/phrase-pattern';

/**
 * Loads and validates everything in `dir`. The first problem stops it with a ContentError that
 * names the file and the field, so a broken edit never reaches residents.
 */
export function loadContent(dir: string): Content {
  const rel = (file: string) => path.relative(process.cwd(), file) || file;
  const readYaml = (file: string): unknown => {
    if (!fs.existsSync(file)) throw new ContentError(rel(file), '', 'file is missing');
    try {
      return YAML.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ContentError(rel(file), '', `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
  };
  const parse = <S extends z.ZodType>(schema: S, value: unknown, file: string): z.infer<S> => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0]!;
    throw new ContentError(rel(file), describePath(value, issue.path), issue.message);
  };

  // Topics
  const topicsFile = path.join(dir, 'topics.yaml');
  const tf = parse(topicsFileSchema, readYaml(topicsFile), topicsFile);
  const topics = new Map<string, Topic>();
  for (const g of tf.groups) {
    for (const id of g.topics) {
      const t = tf.topics.find((x) => x.id === id);
      if (!t) throw new ContentError(rel(topicsFile), `groups.${g.id}`, `topic "${id}" is not in topics`);
      if (topics.has(id)) throw new ContentError(rel(topicsFile), `groups.${g.id}`, `topic "${id}" is in two groups`);
      topics.set(id, { ...t, group: g.id });
    }
  }
  for (const t of tf.topics) {
    if (!topics.has(t.id)) throw new ContentError(rel(topicsFile), `topics.${t.id}`, 'topic belongs to no group');
  }
  const topicExists = (file: string, field: string, id: string) => {
    if (!topics.has(id)) throw new ContentError(rel(file), field, `unknown topic "${id}" (see topics.yaml)`);
  };

  // Services (before articles: articles take their numbers from here)
  const servicesFile = path.join(dir, 'services.yaml');
  const services = parse(servicesFileSchema, readYaml(servicesFile), servicesFile).services;
  const serviceById = new Map<string, Service>();
  for (const s of services) {
    if (serviceById.has(s.id)) throw new ContentError(rel(servicesFile), `services.${s.id}`, 'duplicate id');
    serviceById.set(s.id, s);
  }

  // Area
  const areaFile = path.join(dir, 'area.yaml');
  const area = parse(areaSchema, readYaml(areaFile), areaFile);

  // Articles
  const articles = {} as Record<Locale, Article[]>;
  for (const locale of LOCALES) {
    const adir = path.join(dir, 'articles', locale);
    const files = fs.existsSync(adir) ? fs.readdirSync(adir).filter((f) => f.endsWith('.md')).sort() : [];
    const list: Article[] = [];
    const seen = new Set<string>();
    for (const name of files) {
      const file = path.join(adir, name);
      let fm: ReturnType<typeof matter>;
      try {
        fm = matter(fs.readFileSync(file, 'utf8').normalize('NFC'), { engines: { yaml: (s: string) => YAML.parse(s) as object } });
      } catch (err) {
        throw new ContentError(rel(file), 'frontmatter', `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
      }
      const meta = parse(articleFrontmatterSchema, fm.data, file);
      if (`${meta.id}.md` !== name) throw new ContentError(rel(file), 'id', `must match the file name (${name})`);
      if (seen.has(meta.id)) throw new ContentError(rel(file), 'id', 'duplicate id');
      seen.add(meta.id);
      topicExists(file, 'topic', meta.topic);
      const body = fm.content.trim();
      if (body.length === 0) throw new ContentError(rel(file), 'body', 'article has no text');
      let text: string;
      try {
        text = fillPlaceholders(markdownToChat(body), locale, (id) => serviceById.get(id));
      } catch (err) {
        throw new ContentError(rel(file), 'body', (err as Error).message);
      }
      list.push({
        ...meta,
        locale,
        order: meta.order ?? 1000,
        body,
        text,
        file: rel(file),
      });
    }
    list.sort((a, b) => a.topic.localeCompare(b.topic) || a.order - b.order || a.id.localeCompare(b.id));
    articles[locale] = list;
  }
  for (const topic of topics.keys()) {
    for (const locale of LOCALES) {
      if (!articles[locale].some((a) => a.topic === topic)) {
        throw new ContentError(rel(path.join(dir, 'articles', locale)), topic, `topic "${topic}" has no article in ${locale}`);
      }
    }
  }
  // `related` may name topics or articles (in either language); checked once every article is known.
  const articleIds = new Set(LOCALES.flatMap((l) => articles[l].map((a) => a.id)));
  for (const locale of LOCALES) {
    for (const a of articles[locale]) {
      a.related.forEach((r, i) => {
        if (!topics.has(r) && !articleIds.has(r)) throw new ContentError(a.file, `related[${i}]`, `"${r}" is neither a topic (topics.yaml) nor an article id`);
      });
    }
  }
  for (const a of articles.vi) {
    if (a.core && !articles.en.some((e) => e.id === a.id)) {
      throw new ContentError(a.file, 'core', `core article has no English version (articles/en/${a.id}.md)`);
    }
  }
  for (const e of articles.en) {
    const vi = articles.vi.find((a) => a.id === e.id);
    if (!vi) throw new ContentError(e.file, 'id', 'English article has no Vietnamese original with the same id');
    if (vi.topic !== e.topic) throw new ContentError(e.file, 'topic', `differs from the Vietnamese version (${vi.topic})`);
  }

  // Quizzes
  const qdir = path.join(dir, 'quizzes');
  const quizzes: Quiz[] = [];
  const questionIds = new Set<string>();
  for (const name of fs.existsSync(qdir) ? fs.readdirSync(qdir).filter((f) => /\.ya?ml$/.test(f)).sort() : []) {
    const file = path.join(qdir, name);
    const quiz = parse(quizSchema, readYaml(file), file);
    quiz.rounds.forEach((r, ri) =>
      r.questions.forEach((q, qi) => {
        const field = `rounds[${ri}].questions[${qi}] (${q.id})`;
        topicExists(file, `${field}.topic`, q.topic);
        if (questionIds.has(q.id)) throw new ContentError(rel(file), field, 'question id is used twice');
        questionIds.add(q.id);
      }),
    );
    if (quizzes.some((q) => q.id === quiz.id)) throw new ContentError(rel(file), 'id', 'quiz id is used twice');
    quizzes.push(quiz);
  }

  // Search dictionary
  const dictFile = path.join(dir, 'search', 'dictionary.yaml');
  const dictionary = fs.existsSync(dictFile)
    ? parse(dictionarySchema, readYaml(dictFile), dictFile)
    : dictionarySchema.parse({});

  // Command words
  const commandsFile = path.join(dir, 'commands.yaml');
  const commands = parse(commandsSchema, readYaml(commandsFile), commandsFile);

  // Support path: words of distress and what each choice offers
  const distressFile = path.join(dir, 'support', 'distress.yaml');
  const distress = parse(distressSchema, readYaml(distressFile), distressFile);
  const folder = new PhraseFolder(dictionary.replacements, distress.ignore);
  for (const kind of ['urgent', 'victim', 'perpetrator'] as const) {
    distress[kind].forEach((phrase, i) => {
      try {
        compilePhrase(phrase, distress.sets, folder);
      } catch (err) {
        throw new ContentError(rel(distressFile), `${kind}[${i}]`, (err as Error).message);
      }
    });
  }
  const pathFile = path.join(dir, 'support', 'path.yaml');
  const supportPath = parse(supportPathSchema, readYaml(pathFile), pathFile);
  for (const [branch, b] of Object.entries(supportPath.branches)) {
    b.readings.forEach((r, i) => {
      if (!articles.vi.some((a) => a.id === r.article)) {
        throw new ContentError(rel(pathFile), `branches.${branch}.readings[${i}].article`, `no article "${r.article}" in articles/vi`);
      }
    });
  }

  // Interface strings
  const locales = {} as Content['locales'];
  for (const locale of LOCALES) {
    const ldir = path.join(dir, 'locales', locale);
    const ns: Record<string, Record<string, unknown>> = {};
    for (const name of fs.existsSync(ldir) ? fs.readdirSync(ldir).filter((f) => f.endsWith('.json')).sort() : []) {
      const file = path.join(ldir, name);
      try {
        ns[name.replace(/\.json$/, '')] = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new ContentError(rel(file), '', `not valid JSON: ${(err as Error).message}`);
      }
    }
    locales[locale] = ns;
  }
  const viKeys = flatKeys(locales.vi);
  const enKeys = flatKeys(locales.en);
  const missingEn = viKeys.filter((k) => !enKeys.includes(k));
  const missingVi = enKeys.filter((k) => !viKeys.includes(k));
  if (missingEn.length > 0) throw new ContentError(rel(path.join(dir, 'locales', 'en')), missingEn[0]!, 'key missing in English');
  if (missingVi.length > 0) throw new ContentError(rel(path.join(dir, 'locales', 'vi')), missingVi[0]!, 'key missing in Vietnamese');
  if (viKeys.length === 0) throw new ContentError(rel(path.join(dir, 'locales', 'vi')), '', 'no interface strings');

  const byLocaleTopic = new Map<string, Article[]>();
  for (const locale of LOCALES) {
    for (const a of articles[locale]) {
      const k = `${locale}:${a.topic}`;
      byLocaleTopic.set(k, [...(byLocaleTopic.get(k) ?? []), a]);
    }
  }
  const articleIndex = new Map<string, Article>();
  for (const locale of LOCALES) for (const a of articles[locale]) articleIndex.set(`${locale}:${a.id}`, a);

  return Object.freeze({
    dir,
    groups: tf.groups,
    topics,
    articles,
    services,
    area,
    quizzes,
    dictionary,
    commands,
    support: { distress, path: supportPath },
    locales,
    article: (locale: Locale, id: string) => articleIndex.get(`${locale}:${id}`),
    topicArticles: (locale: Locale, topicId: string) => byLocaleTopic.get(`${locale}:${topicId}`) ?? [],
    service: (id: string) => serviceById.get(id),
  });
}

function flatKeys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? flatKeys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

/** "services[3].phone" becomes "services.police-113.phone" when the item has an id: easier to find. */
function describePath(value: unknown, p: PropertyKey[]): string {
  const parts: string[] = [];
  let cur: unknown = value;
  for (const seg of p) {
    const next = cur && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[seg] : undefined;
    if (typeof seg === 'number') {
      const id = next && typeof next === 'object' ? (next as { id?: unknown }).id : undefined;
      parts.push(typeof id === 'string' ? `[${seg}] (${id})` : `[${seg}]`);
    } else {
      parts.push(parts.length ? `.${String(seg)}` : String(seg));
    }
    cur = next;
  }
  return parts.join('');
}
