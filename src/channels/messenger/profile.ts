import { Payload } from '../../bot/payloads';
import type { I18n } from '../../i18n';
import type { MessengerClient } from './client';

/**
 * The Page's Messenger Profile: the Get Started button, the greeting on the welcome screen and
 * the persistent menu, built from content/locales so editors change them like any other string.
 * https://developers.facebook.com/documentation/business-messaging/messenger-platform/reference/messenger-profile-api
 * Vietnamese is the `default` locale (everyone whose Facebook is not in English); `en_US` gets
 * the English strings.
 */
export interface MessengerProfile {
  get_started: { payload: string };
  greeting: Array<{ locale: string; text: string }>;
  persistent_menu: Array<{
    locale: string;
    composer_input_disabled: boolean;
    call_to_actions: Array<{ type: 'postback'; title: string; payload: string }>;
  }>;
}

export type ProfileField = keyof MessengerProfile;
export const PROFILE_FIELDS: ProfileField[] = ['get_started', 'greeting', 'persistent_menu'];

const GREETING_MAX = 160;
const MENU_TITLE_MAX = 30;
const LOCALES = [
  { fb: 'default', ours: 'vi' },
  { fb: 'en_US', ours: 'en' },
] as const;

/** The profile the content asks for. Throws (naming the string) when one breaks Meta's limits. */
export function desiredProfile(i18n: I18n): MessengerProfile {
  const profile: MessengerProfile = {
    get_started: { payload: Payload.getStarted },
    greeting: LOCALES.map((l) => ({ locale: l.fb, text: i18n.t(l.ours, 'messenger.greeting') })),
    persistent_menu: LOCALES.map((l) => ({
      locale: l.fb,
      composer_input_disabled: false,
      call_to_actions: [
        { type: 'postback', title: i18n.t(l.ours, 'menu.learn'), payload: Payload.learn },
        { type: 'postback', title: i18n.t(l.ours, 'menu.quiz'), payload: Payload.quiz },
        { type: 'postback', title: i18n.t(l.ours, 'menu.support'), payload: Payload.support },
        { type: 'postback', title: i18n.t(l.ours, 'messenger.menuLanguage'), payload: Payload.chooseLanguage },
      ],
    })),
  };
  for (const g of profile.greeting) {
    if ([...g.text].length > GREETING_MAX) throw new Error(`messenger.greeting (${g.locale}) is ${[...g.text].length} characters; Meta allows ${GREETING_MAX}`);
  }
  for (const m of profile.persistent_menu) {
    for (const c of m.call_to_actions) {
      if ([...c.title].length > MENU_TITLE_MAX) throw new Error(`menu title "${c.title}" (${m.locale}) is over ${MENU_TITLE_MAX} characters`);
    }
  }
  return profile;
}

/**
 * The fields whose current value differs from the desired one. Both sides are compared in a
 * normal form (sorted by locale, only the properties we set), so defaults Meta adds do not
 * count as differences.
 */
export function profileChanges(current: Partial<Record<ProfileField, unknown>>, desired: MessengerProfile): ProfileField[] {
  return PROFILE_FIELDS.filter((f) => JSON.stringify(normal(f, current[f])) !== JSON.stringify(normal(f, desired[f])));
}

function normal(field: ProfileField, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (field === 'get_started') return { payload: (value as { payload?: unknown }).payload ?? null };
  const list = (Array.isArray(value) ? value : []) as Array<Record<string, unknown>>;
  const byLocale = [...list].sort((a, b) => String(a.locale).localeCompare(String(b.locale)));
  if (field === 'greeting') return byLocale.map((g) => ({ locale: g.locale, text: g.text }));
  return byLocale.map((m) => ({
    locale: m.locale,
    composer_input_disabled: m.composer_input_disabled === true,
    call_to_actions: ((m.call_to_actions ?? []) as Array<Record<string, unknown>>).map((c) => ({ type: c.type, title: c.title, payload: c.payload ?? null, url: c.url ?? null })),
  }));
}

export interface ProfileOutcome {
  changed: ProfileField[];
  unchanged: ProfileField[];
  /** Calls made: Meta allows a Page 10 Profile API calls in 10 minutes. */
  calls: number;
}

/**
 * Reads the Page's profile and writes only what differs, in one call: running it again changes
 * nothing and costs one call. With `dryRun`, only reads.
 */
export async function applyMessengerProfile(client: MessengerClient, desired: MessengerProfile, opts: { dryRun?: boolean } = {}): Promise<ProfileOutcome> {
  const res = (await client.getProfile(PROFILE_FIELDS)) as { data?: Array<Partial<Record<ProfileField, unknown>>> } | undefined;
  const current = res?.data?.[0] ?? {};
  const changed = profileChanges(current, desired);
  const unchanged = PROFILE_FIELDS.filter((f) => !changed.includes(f));
  if (changed.length === 0 || opts.dryRun) return { changed, unchanged, calls: 1 };
  // get_started goes with the menu: Meta refuses a persistent menu on a Page without one.
  const doc = Object.fromEntries(changed.map((f) => [f, desired[f]]));
  if (changed.includes('persistent_menu')) doc.get_started = desired.get_started;
  await client.setProfile(doc);
  return { changed, unchanged, calls: 2 };
}
