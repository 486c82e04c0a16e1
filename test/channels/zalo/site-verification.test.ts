import request from 'supertest';
import { buildRuntime } from '../../../src/compose';
import { realContent, silentLogger, testConfig } from '../../helpers/env';

describe('Zalo domain verification', () => {
  it('serves the verifier page Zalo fetches before it accepts a webhook URL, even before the channel is live', async () => {
    const rt = await buildRuntime(testConfig({ ZALO_SITE_VERIFICATION: 'MeVd6DceSpup-fjW_Ixo' }), silentLogger(), { content: realContent() });
    try {
      expect(rt.channels).toContain('zalo site verification (/zalo_verifierMeVd6DceSpup-fjW_Ixo.html)');
      const page = await request(rt.app).get('/zalo_verifierMeVd6DceSpup-fjW_Ixo.html');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('<meta property="zalo-platform-site-verification" content="MeVd6DceSpup-fjW_Ixo" />');
      expect((await request(rt.app).get('/zalo_verifierOTHER.html')).status).toBe(404);
    } finally {
      await rt.close();
    }
  });

  it('refuses a code that is not one (it lands in a URL and a page)', () => {
    expect(() => testConfig({ ZALO_SITE_VERIFICATION: '"><script>' })).toThrow(/^ZALO_SITE_VERIFICATION: must be the code from Zalo/);
  });
});
