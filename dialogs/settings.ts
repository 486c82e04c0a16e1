import type { TurnContext } from 'botbuilder';
import { sendChoices } from '../src/bot/choices';
import type { Feature } from '../src/bot/features';
import { Payload } from '../src/bot/payloads';
import { TURN_INFO, turnInfo } from '../src/bot/turn';
import { LOCALES, type Locale } from '../src/content/schemas';
import type { I18n } from '../src/i18n';
import type { DialogDeps } from './deps';
import { menuChoice, showMenu } from './menu';

/** Settings: the language now; the optional details and privacy rights join here later. */
export class Settings {
  constructor(
    private readonly deps: DialogDeps,
    private readonly i18n: I18n,
  ) {}

  feature(): Feature {
    return {
      name: 'settings',
      payloads: {
        SETTINGS: (ctx) => this.show(ctx),
        LANG: (ctx, [locale]) => (locale ? this.setLanguage(ctx, locale) : this.chooseLanguage(ctx)),
      },
      commands: {
        language: (ctx) => this.chooseLanguage(ctx),
        english: (ctx) => this.setLanguage(ctx, 'en'),
        vietnamese: (ctx) => this.setLanguage(ctx, 'vi'),
      },
    };
  }

  async show(ctx: TurnContext): Promise<void> {
    const { t } = turnInfo(ctx);
    await sendChoices(ctx, t('settings.title'), [{ title: t('settings.language'), value: Payload.chooseLanguage }, menuChoice(ctx)]);
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
}
