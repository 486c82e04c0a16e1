import type { TurnContext } from 'botbuilder';
import { sendChoices, type Choice } from '../src/bot/choices';
import { Payload } from '../src/bot/payloads';
import { noteReach } from '../src/bot/reach-signal';
import { splitText } from '../src/bot/text-split';
import { turnInfo } from '../src/bot/turn';
import type { Locale } from '../src/content/schemas';
import type { Article } from '../src/content/types';
import type { Feature } from '../src/bot/features';
import type { DialogDeps } from './deps';
import { menuChoice } from './menu';
import { Details } from './details';

/**
 * Browsing the knowledge base: groups -> topics -> articles -> parts. Every step is a payload
 * handler with no dialog state, so a button tapped hours later still opens what it says.
 */
export class Knowledge {
  private readonly details: Details;

  constructor(private readonly deps: DialogDeps) {
    this.details = new Details(deps);
  }

  feature(): Feature {
    return {
      name: 'knowledge',
      payloads: {
        LEARN: (ctx) => this.showGroups(ctx),
        GROUP: (ctx, [id]) => this.showGroup(ctx, id ?? ''),
        TOPIC: (ctx, [id]) => this.showTopic(ctx, id ?? ''),
        ARTICLE: (ctx, [id, part]) => this.showArticle(ctx, id ?? '', Number(part ?? '1')),
      },
    };
  }

  async showGroups(ctx: TurnContext): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const choices = this.deps.content.groups.map((g) => ({ title: g.title[locale], value: Payload.group(g.id) }));
    await sendChoices(ctx, t('knowledge.chooseGroup'), [...choices, menuChoice(ctx)]);
  }

  async showGroup(ctx: TurnContext, groupId: string): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const group = this.deps.content.groups.find((g) => g.id === groupId);
    if (!group) return this.showGroups(ctx);
    const choices = group.topics.map((id) => ({ title: this.topicTitle(id, locale), value: Payload.topic(id) }));
    await sendChoices(ctx, `${group.title[locale]}. ${t('knowledge.chooseTopic')}`, [
      ...choices,
      { title: t('common.back'), value: Payload.learn },
      menuChoice(ctx),
    ]);
  }

  async showTopic(ctx: TurnContext, topicId: string): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const topic = this.deps.content.topics.get(topicId);
    if (!topic) return this.showGroups(ctx);
    const articles = this.articlesFor(locale, topicId);
    // The list is in the text as well as on the buttons: some platforms cut button titles short.
    const list = articles.map((a, i) => `${i + 1}. ${a.title}`).join('\n');
    const choices = articles.map((a, i) => ({ title: `${i + 1}. ${a.title}`, value: Payload.article(a.id) }));
    await sendChoices(ctx, `${t('knowledge.chooseArticle', { topic: topic.title[locale] })}\n\n${list}`, [
      ...choices,
      { title: t('common.back'), value: Payload.group(topic.group) },
      menuChoice(ctx),
    ]);
  }

  /**
   * Sends part `part` of an article. The first part starts with the title; the last ends with
   * the legal sources and offers related topics and articles. Topics about violence or danger
   * offer the support path on every part, and so does an answer to a question about danger or
   * violence (`offerSupport`), whatever its topic.
   */
  async showArticle(ctx: TurnContext, articleId: string, part: number, preferLocale?: Locale, opts: { offerSupport?: boolean } = {}): Promise<void> {
    const { t, locale: userLocale } = turnInfo(ctx);
    const locale = preferLocale ?? userLocale;
    const article = this.deps.content.article(locale, articleId) ?? this.deps.content.article(locale === 'vi' ? 'en' : 'vi', articleId);
    if (!article) {
      await sendChoices(ctx, t('knowledge.notFound'), [{ title: t('menu.learn'), value: Payload.learn }, menuChoice(ctx)]);
      return;
    }
    const parts = this.parts(article);
    const n = Math.min(Math.max(1, Number.isFinite(part) ? Math.trunc(part) : 1), parts.length);
    const topic = this.deps.content.topics.get(article.topic)!;
    let text = parts[n - 1]!;
    if (n === 1) text = `${article.title}\n\n${text}`;
    const choices: Choice[] = [];
    if (n < parts.length) {
      choices.push({ title: t('common.readMore', { part: n + 1, total: parts.length }), value: Payload.article(article.id, n + 1) });
    } else {
      text += `\n\n${t('knowledge.sources', { sources: formatSources(article) })}`;
      for (const r of article.related.filter((r) => r !== article.topic && r !== article.id).slice(0, 3)) {
        if (this.deps.content.topics.has(r)) {
          choices.push({ title: this.topicTitle(r, userLocale), value: Payload.topic(r) });
        } else {
          const other = this.deps.content.article(userLocale, r) ?? this.deps.content.article('vi', r);
          if (other) choices.push({ title: other.title, value: Payload.article(other.id) });
        }
      }
      choices.push({ title: t('knowledge.moreInTopic'), value: Payload.topic(article.topic) });
    }
    // The question itself may call for support (opts.offerSupport) when the topic does not: the
    // offer then comes with the part the question was answered with, as later parts cannot know.
    if (topic.sensitive || opts.offerSupport) {
      if (n === parts.length || (!topic.sensitive && opts.offerSupport)) text += `\n\n${t('knowledge.supportOffer')}`;
      choices.push({ title: t('menu.support'), value: Payload.support });
    } else if (n === parts.length) {
      // The optional details are offered once, at the end of a calm article, never on violence.
      const offer = await this.details.offerOnce(ctx);
      if (offer) {
        text += `\n\n${offer.text}`;
        choices.push(...offer.choices);
      }
    }
    choices.push(menuChoice(ctx));
    await sendChoices(ctx, text, choices);
    // One delivery per article opened, not per part read.
    if (n === 1) noteReach(ctx, { kind: 'knowledge', topic: article.topic });
  }

  parts(article: Article): string[] {
    return splitText(article.text, this.deps.articlePartChars, article.locale);
  }

  topicTitle(topicId: string, locale: Locale): string {
    return this.deps.content.topics.get(topicId)?.title[locale] ?? topicId;
  }

  /** The articles of a topic in the resident's language (Vietnamese when none is translated). */
  articlesFor(locale: Locale, topicId: string): Article[] {
    const list = this.deps.content.topicArticles(locale, topicId);
    return list.length > 0 ? list : this.deps.content.topicArticles('vi', topicId);
  }
}

export function formatSources(article: Article): string {
  return [...new Set(article.sources.map((s) => (s.article ? `${s.law}, ${s.article}` : s.law)))].join('; ');
}
