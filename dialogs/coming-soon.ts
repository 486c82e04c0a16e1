import type { Feature } from '../src/bot/features';
import { sendChoices } from '../src/bot/choices';
import { Payload } from '../src/bot/payloads';
import { turnInfo } from '../src/bot/turn';
import { isShowable } from '../src/content/render';
import type { DialogDeps } from './deps';
import { menuChoice } from './menu';

/**
 * Placeholder for the support path until its own feature lands. It already gives the verified
 * emergency numbers: a person who taps "get support" must never meet a dead end.
 */
export function comingSoonFeature(deps: DialogDeps): Feature {
  const phone = (id: string) => {
    const s = deps.content.service(id);
    return s && isShowable(s) ? s.phone : '';
  };
  return {
    name: 'coming-soon',
    payloads: {
      SUPPORT: async (ctx) => {
        const { t } = turnInfo(ctx);
        await sendChoices(
          ctx,
          t('support.comingSoon', { police: phone('police-113'), ambulance: phone('ambulance-115'), children: phone('hotline-111') }),
          [{ title: t('menu.learn'), value: Payload.learn }, menuChoice(ctx)],
        );
      },
    },
  };
}
