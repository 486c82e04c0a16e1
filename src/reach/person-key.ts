import type { Pseudonymizer } from '../privacy/crypto';
import { campaignYearOf, dayInZone } from './calendar';

/** The first campaign year the bot can have counted: "delete my data" looks back this far. */
export const FIRST_CAMPAIGN_YEAR = 2025;

const CHANNEL_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The channel as the statistics name it: the activity's channel id, lowercase, or `other`. */
export function reachChannel(channelId: string | undefined): string {
  const c = (channelId ?? '').toLowerCase();
  return CHANNEL_ID.test(c) ? c : 'other';
}

export interface ReachCalendar {
  timezone: string;
  campaignYear: { startMonth: number };
}

/**
 * Who a reach event is about, without knowing who: a keyed HMAC of channel and platform user id,
 * under a key derived from PSEUDONYM_SECRET for each campaign year. The same person gets the
 * same key all year (so uniques are exact), a new one the next year (so last year's rows cannot
 * be joined to this year's), and a different one on each channel (nothing links a Zalo account
 * to a Messenger account). Without the secret a key cannot be recomputed from an id, nor tested
 * against a guess.
 */
export class ReachPersonKeys {
  private readonly byYear = new Map<number, Pseudonymizer>();

  constructor(
    private readonly pseudonyms: Pseudonymizer,
    private readonly calendar: ReachCalendar,
  ) {}

  /** The resident's calendar day of `instant`, in the area's time zone. */
  dayOf(instant: Date): string {
    return dayInZone(instant, this.calendar.timezone);
  }

  campaignYearOf(day: string): number {
    return campaignYearOf(day, this.calendar.campaignYear.startMonth);
  }

  key(channel: string, userId: string, campaignYear: number): string {
    let p = this.byYear.get(campaignYear);
    if (!p) {
      p = this.pseudonyms.derive(`reach-year:${campaignYear}`);
      this.byYear.set(campaignYear, p);
    }
    return p.pseudonym('reach-person', `${channel}\u0000${userId}`);
  }

  /** The key for an event happening at `instant`. */
  keyAt(channel: string, userId: string, instant: Date): { day: string; person: string } {
    const day = this.dayOf(instant);
    return { day, person: this.key(channel, userId, this.campaignYearOf(day)) };
  }

  /** Every key this person can have had, one per campaign year up to the current one. */
  allKeys(channel: string, userId: string, now: Date): string[] {
    const last = Math.max(FIRST_CAMPAIGN_YEAR, this.campaignYearOf(this.dayOf(now)));
    const keys: string[] = [];
    for (let y = FIRST_CAMPAIGN_YEAR; y <= last; y++) keys.push(this.key(channel, userId, y));
    return keys;
  }
}
