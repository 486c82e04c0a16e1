import type { TurnContext } from 'botbuilder';
import { sendChoices } from '../src/bot/choices';
import type { Feature } from '../src/bot/features';
import { Payload } from '../src/bot/payloads';
import { TURN_INFO, turnInfo } from '../src/bot/turn';
import { LOCALES, type Locale } from '../src/content/schemas';
import type { I18n } from '../src/i18n';
import type { DialogDeps } from './deps';
import { Details, DetailsPayload } from './details';
import { menuChoice, showMenu } from './menu';
import { Privacy, PrivacyPayload } from './privacy';

/**
 * Settings: the language, the optional details (residential group, gender, age band) and the
 * resident's privacy rights ("what do you keep about me", "delete my data").
 */
export class Settings {
  readonly details: Details;
  private readonly privacy: Privacy;

  constructor(
    private readonly deps: DialogDeps,
    private readonly i18n: I18n,
  ) {
    this.details = new Details(deps);
    this.privacy = new Privacy(deps);
  }

  feature(): Feature {
    return {
      name: 'settings',
      payloads: {
        SETTINGS: (ctx) => this.show(ctx),
        LANG: (ctx, [locale]) => (locale ? this.setLanguage(ctx, locale) : this.chooseLanguage(ctx)),
        DETAILS: (ctx, args) => this.details.handle(ctx, args),
        PRIVACY: (ctx) => this.privacy.whatKept(ctx),
        FORGET: (ctx, [step]) =>
          step === 'confirm' ? this.privacy.forget(ctx) : step === 'keep' ? this.privacy.keep(ctx) : this.privacy.confirmForget(ctx),
      },
      commands: {
        settings: (ctx) => this.show(ctx),
        language: (ctx) => this.chooseLanguage(ctx),
        english: (ctx) => this.setLanguage(ctx, 'en'),
        vietnamese: (ctx) => this.setLanguage(ctx, 'vi'),
        privacy: (ctx) => this.privacy.whatKept(ctx),
        forget: (ctx) => this.privacy.confirmForget(ctx),
      },
      // The profile lives in user state, which "delete my data" erases as a whole.
      describeKept: (ctx) => this.describeKept(ctx),
    };
  }

  async show(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('settings.title'), [
      { title: t('settings.language'), value: Payload.chooseLanguage },
      { title: t('details.button'), value: DetailsPayload.show },
      { title: t('privacy.whatKeptButton'), value: PrivacyPayload.whatKept },
      { title: t('privacy.deleteButton'), value: PrivacyPayload.forget },
      menuChoice(ctx),
    ]);
  }

  async chooseLanguage(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('settings.chooseLanguage'), [
      ...LOCALES.map((l) => ({ title: t(`settings.${l}`), value: Payload.language(l) })),
      menuChoice(ctx),
    ]);
  }

  /** Remembered in user state, so it holds on the next turn and the next visit. */
  async setLanguage(ctx: TurnContext, value: string): Promise<void> {
    if (!(LOCALES as readonly string[]).includes(value)) return this.chooseLanguage(ctx);
    const locale = value as Locale;
    const profile = await this.deps.profile.get(ctx, {});
    profile.locale = locale;
    await this.deps.profile.set(ctx, profile);
    const info = turnInfo(ctx);
    ctx.turnState.set(TURN_INFO, { ...info, locale, t: this.i18n.fixedT(locale) });
    await showMenu(ctx, `${turnInfo(ctx).t('settings.languageSet')} ${turnInfo(ctx).t('menu.prompt')}`);
  }

  /** What the profile holds, read from user state, in plain words. */
  private async describeKept(ctx: TurnContext): Promise<string[]> {
    const { t } = turnInfo(ctx);
    const profile = (await this.deps.profile.get(ctx)) ?? {};
    const days = Math.round(this.deps.services.config.userStateTtlMs / 86_400_000);
    const lines: string[] = [];
    if (profile.locale) lines.push(t('privacy.keep.language', { language: t(`settings.${profile.locale}`) }));
    if (profile.welcomedAt) lines.push(t('privacy.keep.welcomed', { day: formatIsoDay(profile.welcomedAt) }));
    const details = this.details.describe(ctx, profile);
    if (details) lines.push(details);
    else if (profile.detailsOfferedAt) lines.push(t('privacy.keep.detailsOffered'));
    if (lines.length > 0) lines.push(t('privacy.keep.profileTtl', { days }));
    return lines;
  }
}

function formatIsoDay(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}
