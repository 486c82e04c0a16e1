import type { TurnContext } from 'botbuilder';
import { sendChoices, type Choice } from '../src/bot/choices';
import { Payload } from '../src/bot/payloads';
import { turnInfo } from '../src/bot/turn';
import type { DialogDeps } from './deps';
import type { Knowledge } from './knowledge';
import { menuChoice } from './menu';

/** Topics offered when a question matches nothing at all: the ones most residents need. */
const DEFAULT_TOPICS = ['ge-basics', 'dv-basics', 'dv-help'];

/**
 * A question typed anywhere: answered from the knowledge base when the match is confident,
 * otherwise the three closest topics and the menu. Never a dead end.
 */
export class FreeTextAnswer {
  constructor(
    private readonly deps: DialogDeps,
    private readonly knowledge: Knowledge,
  ) {}

  async answer(ctx: TurnContext, text: string): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const result = this.deps.index.search(text, locale);
    const best = result.results[0];
    if (result.answered && best) {
      // A question about danger or violence offers support even when the best answer comes from
      // a topic that is not itself about violence (son preference, a husband forbidding work).
      await this.knowledge.showArticle(ctx, best.id, 1, best.locale, { offerSupport: result.sensitive !== undefined });
      return;
    }
    // With not one word in common, the "closest" topics are noise: offer the common ones instead.
    const related = result.wordMatches > 0 ? result.topics : [];
    const topics = (related.length > 0 ? related : DEFAULT_TOPICS).slice(0, 3);
    const choices: Choice[] = topics.map((id) => ({ title: this.knowledge.topicTitle(id, locale), value: Payload.topic(id) }));
    if (result.sensitive !== undefined || topics.some((id) => this.deps.content.topics.get(id)?.sensitive)) {
      choices.push({ title: t('menu.support'), value: Payload.support });
    }
    choices.push(menuChoice(ctx));
    // A question mostly about something the bot deliberately does not cover (marriage registration,
    // health insurance) is told so plainly, with where to ask, instead of "try another way".
    const outOfScope = result.outOfScope.length > 0 && result.sensitive === undefined;
    await sendChoices(ctx, outOfScope ? t('knowledge.outOfScope') : related.length > 0 ? t('knowledge.notSure') : t('knowledge.nothingFound'), choices);
  }
}
