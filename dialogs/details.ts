import type { TurnContext } from 'botbuilder';
import { sendChoices, type Choice } from '../src/bot/choices';
import { Payload } from '../src/bot/payloads';
import { turnInfo, type Profile } from '../src/bot/turn';
import { DETAIL_FIELDS, detailValues, validDetails, type DetailField } from '../src/reach/details';
import type { DialogDeps } from './deps';
import { menuChoice } from './menu';

/** Payloads of the optional details. `:f` marks the guided flow that follows the one-time offer. */
export const DetailsPayload = {
  show: 'DETAILS',
  ask: (field: DetailField, flow = false) => `DETAILS:ask:${field}${flow ? ':f' : ''}`,
  /** `none` as the value clears the field ("I'd rather not say"). */
  set: (field: DetailField, value: string, flow = false) => `DETAILS:set:${field}:${value}${flow ? ':f' : ''}`,
  skipOffer: 'DETAILS:skip',
  clear: 'DETAILS:clear',
} as const;

const PROFILE_FIELD: Record<DetailField, 'residentialGroup' | 'gender' | 'ageBand'> = {
  group: 'residentialGroup',
  gender: 'gender',
  age: 'ageBand',
};

/**
 * Residential group, gender and age band: optional details that let the commune see reach by
 * group, and nothing else. Each is optional and never required (everything in the bot works
 * without them), offered once at a calm moment with "skip", and changeable or erasable here at
 * any time.
 */
export class Details {
  constructor(private readonly deps: DialogDeps) {}

  async handle(ctx: TurnContext, args: string[]): Promise<void> {
    const [action, field, value, flag] = args;
    const f = DETAIL_FIELDS.find((x) => x === field);
    if (action === 'ask' && f) return this.ask(ctx, f, value === 'f');
    if (action === 'set' && f && value) return this.set(ctx, f, value, flag === 'f');
    if (action === 'skip') return this.skipOffer(ctx);
    if (action === 'clear') return this.clear(ctx);
    return this.show(ctx);
  }

  /**
   * The one-time offer, shown at the end of an article on a calm topic: some text and two
   * buttons to add to that message. Undefined once offered (or when details were already given),
   * so nobody is asked twice.
   */
  async offerOnce(ctx: TurnContext): Promise<{ text: string; choices: Choice[] } | undefined> {
    const profile = await this.deps.profile.get(ctx, {});
    if (profile.detailsOfferedAt || Object.keys(validDetails(this.deps.content.area, profile)).length > 0) return undefined;
    profile.detailsOfferedAt = this.deps.services.now().toISOString().slice(0, 10);
    await this.deps.profile.set(ctx, profile);
    const { t } = turnInfo(ctx);
    return {
      text: t('details.offer'),
      choices: [
        { title: t('details.offerYes'), value: DetailsPayload.ask('group', true) },
        { title: t('details.offerSkip'), value: DetailsPayload.skipOffer },
      ],
    };
  }

  async show(ctx: TurnContext, prefix?: string): Promise<void> {
    const { t } = turnInfo(ctx);
    const profile = await this.deps.profile.get(ctx, {});
    const lines = DETAIL_FIELDS.map((f) => t('details.line', { field: t(`details.field.${f}`), value: this.label(ctx, f, profile[PROFILE_FIELD[f]]) ?? t('details.notChosen') }));
    const text = [prefix, t('details.title'), ...lines].filter(Boolean).join('\n');
    await sendChoices(ctx, text, [
      ...DETAIL_FIELDS.map((f) => ({ title: t(`details.field.${f}`), value: DetailsPayload.ask(f) })),
      { title: t('details.clear'), value: DetailsPayload.clear },
      { title: t('menu.settings'), value: Payload.settings },
      menuChoice(ctx),
    ]);
  }

  /** Describes the details kept, for "what do you keep about me". */
  describe(ctx: TurnContext, profile: Profile): string | undefined {
    const { t } = turnInfo(ctx);
    const given = DETAIL_FIELDS.map((f) => [f, this.label(ctx, f, profile[PROFILE_FIELD[f]])] as const).filter(([, v]) => v);
    if (given.length === 0) return undefined;
    return t('privacy.keep.details', { details: given.map(([f, v]) => `${t(`details.field.${f}`).toLowerCase()}: ${v}`).join(', ') });
  }

  private async ask(ctx: TurnContext, field: DetailField, flow: boolean): Promise<void> {
    const { t } = turnInfo(ctx);
    const choices: Choice[] = detailValues(this.deps.content.area, field).map((v) => ({
      title: this.label(ctx, field, v)!,
      value: DetailsPayload.set(field, v, flow),
    }));
    choices.push({ title: t('details.skipOne'), value: DetailsPayload.set(field, 'none', flow) });
    if (!flow) choices.push({ title: t('common.back'), value: DetailsPayload.show });
    choices.push(menuChoice(ctx));
    await sendChoices(ctx, t(`details.ask.${field}`), choices);
  }

  private async set(ctx: TurnContext, field: DetailField, value: string, flow: boolean): Promise<void> {
    const allowed = detailValues(this.deps.content.area, field);
    if (value !== 'none' && !allowed.includes(value)) return this.ask(ctx, field, flow);
    const profile = await this.deps.profile.get(ctx, {});
    const key = PROFILE_FIELD[field];
    if (value === 'none') delete profile[key];
    else (profile as Record<string, string>)[key] = value;
    profile.detailsOfferedAt ??= this.deps.services.now().toISOString().slice(0, 10);
    await this.deps.profile.set(ctx, profile);
    const { t } = turnInfo(ctx);
    if (!flow) return this.show(ctx, t('details.saved'));
    const next = DETAIL_FIELDS[DETAIL_FIELDS.indexOf(field) + 1];
    if (next) return this.ask(ctx, next, true);
    await sendChoices(ctx, t('details.done'), [{ title: t('menu.learn'), value: Payload.learn }, menuChoice(ctx)]);
  }

  private async skipOffer(ctx: TurnContext): Promise<void> {
    const profile = await this.deps.profile.get(ctx, {});
    profile.detailsOfferedAt ??= this.deps.services.now().toISOString().slice(0, 10);
    await this.deps.profile.set(ctx, profile);
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('details.skipped'), [{ title: t('menu.learn'), value: Payload.learn }, menuChoice(ctx)]);
  }

  private async clear(ctx: TurnContext): Promise<void> {
    const profile = await this.deps.profile.get(ctx, {});
    for (const f of DETAIL_FIELDS) delete profile[PROFILE_FIELD[f]];
    await this.deps.profile.set(ctx, profile);
    await this.show(ctx, turnInfo(ctx).t('details.cleared'));
  }

  private label(ctx: TurnContext, field: DetailField, value: string | undefined): string | undefined {
    if (value === undefined || !detailValues(this.deps.content.area, field).includes(value)) return undefined;
    if (field === 'group') return this.deps.content.area.residentialGroups.find((g) => g.id === value)!.name;
    return turnInfo(ctx).t(`details.${field}.${value}`);
  }
}
