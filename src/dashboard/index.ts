import type { Express } from 'express';
import type { Config } from '../config';
import type { Content } from '../content/types';
import type { I18n } from '../i18n';
import type { Logger } from '../logger';
import { OfficerAccounts } from '../officers/accounts';
import { AuditLog } from '../officers/audit';
import { Sessions } from '../officers/sessions';
import { quizStats } from '../quiz/stats';
import type { ReachReporter } from '../reach/report';
import type { Stores } from '../stores/ports';
import type { CallbackDesk } from '../support/callback-desk';
import type { ProactiveSender } from '../channels';
import { callbackRoutes } from './callback-routes';
import { mountDashboard } from './routes';
import { statsApi, statsRoutes, type StatsSources } from './stats-routes';

export interface DashboardWiring {
  cfg: Config;
  content: Content;
  i18n: I18n;
  logger: Logger;
  stores: Stores;
  reach: ReachReporter;
  callbacks: CallbackDesk;
  /** How an officer's answer reaches a resident who asked to be contacted in the chat, by channel. */
  proactive?: ReadonlyMap<string, ProactiveSender>;
  now?: () => Date;
}

/** Mounts /dashboard (officers' pages) and /api/stats (the same figures as JSON). */
export function dashboardMount(w: DashboardWiring): (app: Express) => void {
  const now = w.now ?? (() => new Date());
  const accounts = new OfficerAccounts(w.stores.records, now);
  const sessions = new Sessions(w.stores.records, undefined, now);
  const audit = new AuditLog(w.stores.records, now);
  const src: StatsSources = {
    content: w.content,
    reach: w.reach,
    quiz: () => quizStats(w.stores.records, w.content, { k: w.cfg.quiz.minGroupSize }),
    now,
  };
  return (app) => {
    app.use('/api/stats', statsApi(src, { sessions, audit }));
    mountDashboard(app, {
      i18n: w.i18n,
      logger: w.logger,
      accounts,
      sessions,
      audit,
      state: w.stores.state,
      extend: [statsRoutes(src), callbackRoutes(w.callbacks, w.proactive ?? new Map(), audit)],
    });
  };
}
