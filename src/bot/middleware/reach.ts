import type { MiddlewareHandler as Middleware, StatePropertyAccessor } from 'botbuilder';
import type { Area } from '../../content/schemas';
import type { Logger } from '../../logger';
import { validDetails } from '../../reach/details';
import { reachChannel, type ReachPersonKeys } from '../../reach/person-key';
import type { ReachEvent, ReachLedger } from '../../stores/ports';
import { wasErased } from '../erasure';
import { reachSignals } from '../reach-signal';
import type { Profile } from '../turn';

const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export interface ReachRecordingDeps {
  ledger: ReachLedger;
  keys: ReachPersonKeys;
  profile: StatePropertyAccessor<Profile>;
  area: Area;
  /** Topic ids of content/topics.yaml: the only topics a support-info event may carry. */
  topics: ReadonlySet<string>;
  now: () => Date;
  logger: Logger;
}

/**
 * Records what a turn delivered (dialogs call `noteReach`) once the turn has succeeded and a
 * reply went out. Nothing is recorded for a failed turn, a turn that sent nothing, or the turn
 * in which the resident erased their data.
 *
 * Each event carries the person's reach pseudonym (keyed HMAC of channel and user id, rotated
 * with the campaign year), the day in the area's time zone, and the optional details the
 * resident chose. Support-info events carry no pseudonym and no details, and a topic only if it
 * is one of the broad topics of content/topics.yaml: nothing that could single a person out.
 * A failure to record is logged and never spoils the resident's turn.
 */
export function reachMiddleware(deps: ReachRecordingDeps): Middleware {
  return async (ctx, next) => {
    await next();
    const signals = reachSignals(ctx);
    const userId = ctx.activity.from?.id;
    if (signals.length === 0 || !userId || !ctx.responded || wasErased(ctx)) return;
    const channel = reachChannel(ctx.activity.channelId);
    try {
      const { day, person } = deps.keys.keyAt(channel, userId, deps.now());
      const details = validDetails(deps.area, await deps.profile.get(ctx));
      const events: ReachEvent[] = signals.map((s) => {
        if (s.kind === 'support-info') {
          return { kind: s.kind, day, channel, ...(s.topic && deps.topics.has(s.topic) ? { topic: s.topic } : {}) };
        }
        return { kind: s.kind, day, channel, person, ...(s.topic && ID.test(s.topic) ? { topic: s.topic } : {}), ...details };
      });
      await deps.ledger.record(events);
    } catch (err) {
      deps.logger.error({ err, channel }, 'reach events not recorded');
    }
  };
}
