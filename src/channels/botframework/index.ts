import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Express, Request, Response } from 'express';
import type { BinhDangBot } from '../../bot/bot';

/**
 * POST /api/messages through the SDK's CloudAdapter, for the Bot Framework Emulator and Web Chat.
 * With no app id configured the SDK accepts unauthenticated local traffic (development); behind
 * Azure Bot Service, MicrosoftAppId and friends would be passed here.
 */
export function botFrameworkChannel(bot: BinhDangBot): { adapter: CloudAdapter; mount: (app: Express) => void } {
  const adapter = bot.attach(new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})));
  return {
    adapter,
    mount: (app) => {
      app.post('/api/messages', async (req: Request, res: Response) => {
        await adapter.process(req, res, (ctx) => bot.run(ctx));
      });
    },
  };
}
