import type { TurnContext } from 'botbuilder';
import type { Locale } from '../content/schemas';
import type { Translate } from '../i18n';

/** What every dialog step needs about the current turn, set by the locale middleware. */
export interface TurnInfo {
  locale: Locale;
  t: Translate;
  /** A random id for this turn, for correlating log lines (never a platform id). */
  turnId: string;
  channel: string;
}

export interface Profile {
  locale?: Locale;
  /** When the welcome (with its privacy note) was shown; it is shown once. */
  welcomedAt?: string;
  /** Optional details a resident may choose in settings (never required, never asked twice). */
  residentialGroup?: string;
  gender?: 'female' | 'male' | 'other';
  ageBand?: string;
  /** When the optional details were offered (once; a resident who skips is never asked again). */
  detailsOfferedAt?: string;
}

export const TURN_INFO = Symbol('turnInfo');

export function turnInfo(ctx: TurnContext): TurnInfo {
  const info = ctx.turnState.get(TURN_INFO) as TurnInfo | undefined;
  if (!info) throw new Error('turn info missing: the locale middleware must run before the bot');
  return info;
}

/** The text of a message or the payload of a tapped button, trimmed; undefined for neither. */
export function inputText(ctx: TurnContext): string | undefined {
  const a = ctx.activity;
  const text = typeof a.text === 'string' && a.text.trim() !== '' ? a.text : typeof a.value === 'string' ? a.value : undefined;
  const trimmed = text?.normalize('NFC').trim();
  return trimmed ? trimmed : undefined;
}
