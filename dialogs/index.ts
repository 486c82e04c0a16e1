import type { Dialog } from 'botbuilder-dialogs';
import type { Feature } from '../src/bot/features';
import type { I18n } from '../src/i18n';
import { FreeTextAnswer } from './answer';
import type { DialogDeps } from './deps';
import { Knowledge } from './knowledge';
import { MainDialog, Router } from './main-dialog';
import { QuizFeature } from './quiz';
import { reachFeature } from './reach';
import { Settings } from './settings';
import { SupportPath } from './support';

export type { DialogDeps } from './deps';
export { DialogIds } from './ids';

/**
 * Every feature of the bot, in one list. A new feature (quiz, support path…) is one line here:
 * its payloads, commands and dialogs are registered with the router from its `Feature`.
 */
export function buildFeatures(deps: DialogDeps, i18n: I18n, knowledge: Knowledge): Feature[] {
  return [
    knowledge.feature(),
    new Settings(deps, i18n).feature(),
    new SupportPath(deps, knowledge).feature(),
    new QuizFeature(deps).feature(),
    reachFeature(deps),
  ];
}

/** `extra` features come after the built-in ones (tests use it to add a dialog of their own). */
export function createDialogs(deps: DialogDeps, i18n: I18n, extra: Feature[] = []): { main: MainDialog; router: Router } {
  const knowledge = new Knowledge(deps);
  const features = [...buildFeatures(deps, i18n, knowledge), ...extra];
  const router = new Router(deps, features, new FreeTextAnswer(deps, knowledge));
  const dialogs: Dialog[] = features.flatMap((f) => f.dialogs ?? []);
  return { main: new MainDialog(router, dialogs), router };
}
