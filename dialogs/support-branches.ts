import type { TurnContext } from 'botbuilder';
import type { Choice } from '../src/bot/choices';
import { turnInfo } from '../src/bot/turn';
import type { Content } from '../src/content/types';
import type { Knowledge } from './knowledge';
import type { SupportDirectory } from './support-services';
import { backChoice, BRANCHES, type BranchCode, branchHome, doneChoice, SP, sendStep } from './support-ui';

/**
 * The choices of the path that explain: short readings (the knowledge base's own articles,
 * shown inside the path so the quick exit stays on screen), and the pages for helping someone
 * else, for stopping one's own violence, and for people returning after trafficking.
 */
export class SupportBranches {
  constructor(
    private readonly content: Content,
    private readonly knowledge: Knowledge,
    private readonly directory: SupportDirectory,
  ) {}

  private readings(branch: BranchCode) {
    return this.content.support.path.branches[BRANCHES[branch]].readings;
  }

  private readingChoices(ctx: TurnContext, branch: BranchCode): Choice[] {
    const { locale } = turnInfo(ctx);
    return this.readings(branch).map((r, i) => ({ title: `${i + 1}. ${r.label[locale]}`, value: SP.reading(branch, i) }));
  }

  /** "Understand what is happening": the list of readings. */
  async understand(ctx: TurnContext): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const list = this.readings('u').map((r, i) => `${i + 1}. ${r.label[locale]}`).join('\n');
    await sendStep(ctx, t('support.readings.prompt', { list }), [...this.readingChoices(ctx, 'u'), backChoice(ctx, SP.choices), doneChoice(ctx)]);
  }

  /** One part of one reading. An article missing in English is shown in Vietnamese. */
  async reading(ctx: TurnContext, branch: BranchCode, index: number, part: number): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const r = this.readings(branch)[index];
    const article = r && (this.content.article(locale, r.article) ?? this.content.article('vi', r.article));
    if (!article) return this.home(ctx, branch);
    const parts = this.knowledge.parts(article);
    const n = Math.min(Math.max(1, Number.isFinite(part) ? Math.trunc(part) : 1), parts.length);
    const body = n === 1 ? `${article.title}\n\n${parts[0]}` : parts[n - 1]!;
    const choices: Choice[] = [];
    if (n < parts.length) choices.push({ title: t('support.readings.more', { part: n + 1, total: parts.length }), value: SP.reading(branch, index, n + 1) });
    choices.push(backChoice(ctx, branchHome(branch)), doneChoice(ctx));
    // The article's title is not a safe first line on a lock screen; the lead line is.
    await sendStep(ctx, `${t('support.lead')}\n\n${body}`, choices);
  }

  /** Helping a neighbour, a relative, a child. */
  async someoneElse(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await this.directory.sendNumbers(ctx, 'o');
    const text = t('support.someoneElse.intro', { police: this.phone('police-113'), children: this.phone('hotline-111') });
    await sendStep(ctx, text, [
      ...this.readingChoices(ctx, 'o'),
      { title: t('support.someoneElse.services'), value: SP.services('o') },
      backChoice(ctx, SP.choices),
      doneChoice(ctx),
    ]);
  }

  /** For someone who wants to stop being violent: no judgement, what to do in the moment, where to ask. */
  async perpetrator(ctx: TurnContext): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    await this.directory.sendNumbers(ctx, 'p');
    const where = this.directory.forBranch('p').places.map((s) => s.name[locale]).join(', ');
    const text = t('support.perpetrator.intro', { where, police: this.phone('police-113') });
    await sendStep(ctx, text, [
      ...this.readingChoices(ctx, 'p'),
      { title: t('support.someoneElse.services'), value: SP.services('p') },
      backChoice(ctx, SP.choices),
      doneChoice(ctx),
    ]);
  }

  /** Returned trafficking victims: what the law gives them, the 111 line, places to ask. */
  async trafficking(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await this.directory.sendNumbers(ctx, 't');
    const text = `${t('support.lead')}\n\n${t('support.trafficking.intro', { hotline: this.phone('hotline-111') })}`;
    await sendStep(ctx, text, [
      ...this.readingChoices(ctx, 't'),
      { title: t('support.someoneElse.services'), value: SP.services('t') },
      backChoice(ctx, SP.choices),
      doneChoice(ctx),
    ]);
  }

  async home(ctx: TurnContext, branch: BranchCode): Promise<void> {
    switch (branch) {
      case 'u':
        return this.understand(ctx);
      case 'o':
        return this.someoneElse(ctx);
      case 'p':
        return this.perpetrator(ctx);
      case 't':
        return this.trafficking(ctx);
      case 'v':
        return this.directory.show(ctx, 'v');
    }
  }

  /** A verified number from the directory; the path is written so that it never needs an unverified one. */
  private phone(id: string): string {
    const s = this.content.service(id);
    if (!s?.phone || !s.verified) throw new Error(`services.yaml ${id} has no verified number`);
    return s.phone;
  }
}
