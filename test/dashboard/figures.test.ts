import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { buildRuntime, type Runtime } from '../../src/compose';
import { loadContent } from '../../src/content/load';
import { AuditLog } from '../../src/officers/audit';
import { CallbackIntake } from '../../src/support/callback-intake';
import { CONTENT_DIR, silentLogger, tempDir, testConfig } from '../helpers/env';
import { addOfficers, signIn } from '../helpers/dashboard';

const day = '2026-11-20';

/** Reach events straight into the ledger: 7 residents of one group, 2 of another. */
async function seed(rt: Runtime): Promise<void> {
  const events = [];
  for (let i = 0; i < 9; i++) {
    events.push({
      kind: 'knowledge' as const,
      person: rt.pseudonyms.pseudonym('reach-test', `p${i}`),
      topic: i % 2 ? 'dv-basics' : 'ge-family',
      channel: 'zalo',
      day,
      residentialGroup: i < 7 ? 'tdp-01' : 'tdp-02',
    });
  }
  await rt.stores.reach.record(events);
}

describe('dashboard figures, exports and the callback inbox', () => {
  let rt: Runtime;
  beforeAll(async () => {
    // A residential group whose name is a spreadsheet formula: it must stay text in the CSV.
    const dir = path.join(tempDir(), 'content');
    fs.cpSync(CONTENT_DIR, dir, { recursive: true });
    const area = path.join(dir, 'area.yaml');
    fs.writeFileSync(area, fs.readFileSync(area, 'utf8').replace('"Tổ dân phố 1 (tên mẫu)"', '\'=HYPERLINK("http://evil.example","Tổ 1")\''));
    rt = await buildRuntime(testConfig({ CONTENT_DIR: dir }), silentLogger(), { content: loadContent(dir) });
    await addOfficers(rt);
    await seed(rt);
  });
  afterAll(async () => rt.close());

  it('shows the reach rate against the target, the series and the breakdowns with their definitions', async () => {
    const { agent } = await signIn(rt, 'viewer');
    const res = await agent.get('/dashboard?period=2026-Q4');
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/data-figure="reach-rate">0,0%/); // 9 of 60 000
    expect(res.text).toContain('mốc 70%');
    expect(res.text).toMatch(/data-figure="reached">9</);
    expect(res.text).toContain('data-chart="chart-series"');
    for (const id of ['reach-by-channel', 'reach-by-topic', 'reach-by-group', 'reach-by-gender', 'reach-by-age', 'quiz-rounds', 'quiz-misconceptions']) {
      expect(res.text).toContain(`id="${id}"`);
    }
    expect(res.text).toContain('class="def"');
    expect((await agent.get('/dashboard?period=Q9-nonsense')).status).toBe(400);
  });

  it('exports a table as CSV with the right columns, hides small cells and neutralises formulas', async () => {
    const { agent } = await signIn(rt, 'viewer');
    const res = await agent.get('/dashboard/export/reach-by-group.csv?period=2026-Q4');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/reach-by-group-2026-Q4\.csv/);
    const lines = res.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Theo tổ dân phố,Số người');
    expect(lines).toContain(`"'=HYPERLINK(""http://evil.example"",""Tổ 1"")",7`);
    expect(lines.find((l) => l.startsWith('Tổ dân phố 2'))).toBe('Tổ dân phố 2 (tên mẫu),<5');
    expect(res.text).not.toMatch(/^=|,=/m);
    const topics = await agent.get('/dashboard/export/reach-by-topic.csv?period=2026-Q4');
    expect(topics.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('Chủ đề,Số người,Lượt nhận');
    const audit = await new AuditLog(rt.stores.records).recent(5);
    expect(audit.map((e) => `${e.actor} ${e.action} ${e.target}`)).toContain('viewer export reach-by-topic.csv 2026-Q4');
  });

  it('prints a quarterly report with the definitions and the small-cell rule explained', async () => {
    const { agent } = await signIn(rt, 'viewer');
    const res = await agent.get('/dashboard/report?period=2026-Q4');
    expect(res.status).toBe(200);
    expect(res.text).toContain('Báo cáo Quý IV/2026');
    expect(res.text).toContain('id="definitions"');
    expect(res.text).toContain('dưới 5 được ghi là');
  });

  it('lets the support role read a callback request, and writes the read to the audit log', async () => {
    const intake = new CallbackIntake(rt.stores.records, rt.cipher, rt.pseudonyms, () => new Date(), 30 * 86_400_000);
    await intake.submit('zalo', '1234567890123456789', { method: 'phone', phone: '0912345678', time: { preset: 'evening' }, safeWord: 'hỏi mua rau', channel: 'zalo', locale: 'vi' });
    const { agent, csrf } = await signIn(rt, 'support');
    const list = await agent.get('/dashboard/callbacks');
    expect(list.text).not.toContain('0912345678');
    const id = /data-callback="([^"]+)"/.exec(list.text)![1]!;
    const one = await agent.get(`/dashboard/callbacks/${encodeURIComponent(id)}`);
    expect(one.text).toContain('0912345678');
    expect(one.text).toContain('hỏi mua rau');
    expect(one.text).toContain('Buổi tối');
    const audit = await new AuditLog(rt.stores.records).recent(20);
    expect(audit.find((e) => e.action === 'callback.read')).toMatchObject({ actor: 'support', target: id });
    expect((await agent.post(`/dashboard/callbacks/${encodeURIComponent(id)}/contacted`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.get('/dashboard/callbacks')).text).toContain('Đã liên hệ');
    expect((await agent.post(`/dashboard/callbacks/${encodeURIComponent(id)}/delete`).type('form').send({ _csrf: 'forged' })).status).toBe(403);
    expect((await agent.post(`/dashboard/callbacks/${encodeURIComponent(id)}/delete`).type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.get(`/dashboard/callbacks/${encodeURIComponent(id)}`)).status).toBe(404);
  });

  it('serves its chart library itself (no CDN)', async () => {
    const res = await request(rt.app).get('/dashboard/assets/chart.umd.js');
    expect(res.status).toBe(200);
    expect(res.text.length).toBeGreaterThan(100_000);
  });
});
