import type { TurnContext } from 'botbuilder';
import type { Choice } from '../src/bot/choices';
import { turnInfo } from '../src/bot/turn';
import { isShowable } from '../src/content/render';
import type { Service } from '../src/content/schemas';
import type { Content } from '../src/content/types';
import { backChoice, BRANCHES, type BranchCode, branchHome, doneChoice, noteSupportInfo, SP, sendCallCard, sendStep } from './support-ui';

/**
 * The directory as the support path shows it (content/services.yaml):
 * - verified numbers, on a card with tappable call buttons;
 * - local places (commune, province) by name, each with what it can do and how to reach it;
 * - never a number that is not verified, never the location of a confidential place (shelters,
 *   trusted addresses: only how to reach them through the commune), and no national line whose
 *   number is not verified (naming a hotline without its number would send people searching for
 *   one, and may find a wrong or charged number).
 */
export class SupportDirectory {
  constructor(private readonly content: Content) {}

  /** The entries a branch lists, in the order of services.yaml. */
  forBranch(branch: BranchCode): { numbers: Service[]; places: Service[] } {
    const audience = this.content.support.path.branches[BRANCHES[branch]].audience ?? 'victim';
    const entries = this.content.services.filter((s) => s.audience.includes(audience));
    return {
      numbers: entries.filter(isShowable),
      places: entries.filter((s) => s.scope !== 'national'),
    };
  }

  /** The verified numbers for a branch, as a call card (nothing when there are none). */
  async sendNumbers(ctx: TurnContext, branch: BranchCode, heading?: string): Promise<void> {
    const { numbers } = this.forBranch(branch);
    if (numbers.length === 0) return;
    await sendCallCard(ctx, heading ?? turnInfo(ctx).t('support.services.checked'), numbers);
    noteSupportInfo(ctx);
  }

  /** The branch's whole list: numbers first, then the places, each openable by its number. */
  async show(ctx: TurnContext, branch: BranchCode): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    await this.sendNumbers(ctx, branch);
    const { places } = this.forBranch(branch);
    const back = backChoice(ctx, branchHome(branch));
    if (places.length === 0) {
      await sendStep(ctx, t('support.services.none'), [back, doneChoice(ctx)]);
      return;
    }
    const list = places
      .map((s, i) => `${i + 1}. ${s.name[locale]}${s.confidential ? ` ${t('support.services.confidentialMark')}` : ''}`)
      .join('\n');
    const unverified = places.some((s) => !isShowable(s)) ? t('support.services.unverified') : '';
    const choices: Choice[] = places.map((_, i) => ({ title: String(i + 1), value: SP.detail(branch, i) }));
    await sendStep(ctx, t('support.services.local', { list, unverified }), [...choices, back, doneChoice(ctx)]);
    noteSupportInfo(ctx);
  }

  /** One place: what it can do for people, when and how to reach it. */
  async detail(ctx: TurnContext, branch: BranchCode, index: number): Promise<void> {
    const { t, locale } = turnInfo(ctx);
    const s = this.forBranch(branch).places[index];
    if (!s) return this.show(ctx, branch);
    let more = '';
    if (s.hours) more += t('support.services.hours', { hours: s.hours[locale] });
    // The schema already refuses an address on a confidential entry; this is the second lock.
    if (s.address && !s.confidential) more += t('support.services.address', { address: s.address[locale] });
    if (isShowable(s)) more += t('support.services.phone', { phone: s.phone });
    if (s.howToReach) more += t('support.services.reach', { reach: s.howToReach[locale] });
    if (s.confidential) more += t('support.services.confidential');
    const offers = s.offers[locale].map((o) => `• ${o}`).join('\n');
    const text = `${t('support.lead')}\n\n${t('support.services.detail', { name: s.name[locale], offers, more })}`;
    if (isShowable(s)) await sendCallCard(ctx, t('support.services.checked'), [s]);
    await sendStep(ctx, text, [backChoice(ctx, SP.services(branch)), doneChoice(ctx)]);
    noteSupportInfo(ctx);
  }

  /** How to reach a place in one line ("Công an xã Hiệp Hòa: đến trực tiếp trụ sở..."). */
  reachLine(s: Service, locale: 'vi' | 'en'): string {
    if (isShowable(s)) return `${s.name[locale]}: ${s.phone}`;
    return s.howToReach ? `${s.name[locale]}. ${s.howToReach[locale]}` : s.name[locale];
  }
}
