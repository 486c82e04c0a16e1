import type { Feature } from '../src/bot/features';
import { sendChoices } from '../src/bot/choices';
import { Payload } from '../src/bot/payloads';
import { turnInfo } from '../src/bot/turn';
import type { DialogDeps } from './deps';
import { menuChoice } from './menu';

/** The placeholder for the quiz until its own feature lands (the support path has landed). */
export function comingSoonFeature(_deps: DialogDeps): Feature {
  return {
    name: 'coming-soon',
    payloads: {
      QUIZ: async (ctx) => {
        const { t } = turnInfo(ctx);
        await sendChoices(ctx, t('quiz.comingSoon'), [{ title: t('menu.learn'), value: Payload.learn }, menuChoice(ctx)]);
      },
    },
  };
}
