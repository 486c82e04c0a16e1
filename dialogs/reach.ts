import type { Feature } from '../src/bot/features';
import { turnInfo } from '../src/bot/turn';
import { reachChannel, ReachPersonKeys } from '../src/reach/person-key';
import type { DialogDeps } from './deps';

/**
 * The reach statistics' part in the resident's rights: say what they keep, and erase the
 * person's rows (every campaign year's pseudonym on this channel) on "delete my data".
 */
export function reachFeature(deps: DialogDeps): Feature {
  const ledger = deps.services.reach;
  const keys = new ReachPersonKeys(deps.services.pseudonyms, deps.content.area);
  return {
    name: 'reach',
    forget: async (ctx) => {
      const userId = ctx.activity.from?.id;
      if (!ledger || !userId) return;
      await ledger.forget(keys.allKeys(reachChannel(ctx.activity.channelId), userId, deps.services.now()));
    },
    describeKept: async (ctx) => (ledger ? [turnInfo(ctx).t(ledger.exact ? 'privacy.keep.reach' : 'privacy.keep.reachSketch')] : []),
  };
}
