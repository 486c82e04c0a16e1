import type { Channel, ChannelContext, ChannelFactory } from '..';

/**
 * Zalo saves a webhook URL only on a domain proven to be yours: the developer console hands out
 * a code and fetches `https://<domain>/zalo_verifier<code>.html`, looking for
 * `<meta property="zalo-platform-site-verification" content="<code>">`. With
 * ZALO_SITE_VERIFICATION set the bot serves that page itself, so a commune needs no other web
 * server. Independent of the channel being live: verification comes before the OA secret key.
 */
export const zaloSiteVerification: ChannelFactory = (ctx: ChannelContext): Channel | undefined => {
  const code = ctx.cfg.zaloSiteVerification;
  if (!code) return undefined;
  const path = `/zalo_verifier${code}.html`;
  const page =
    '<!DOCTYPE html>\n<html lang="vi">\n<head>\n' +
    `<meta property="zalo-platform-site-verification" content="${code}" />\n` +
    '</head>\n<body>Zalo platform site verification</body>\n</html>\n';
  return {
    name: `zalo site verification (${path})`,
    mount: (app) => {
      app.get(path, (_req, res) => {
        res.type('html').send(page);
      });
    },
  };
};
