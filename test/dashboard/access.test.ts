import request from 'supertest';
import { buildRuntime, type Runtime } from '../../src/compose';
import { AuditLog } from '../../src/officers/audit';
import { addOfficers, loginToken, PASSWORDS, signIn } from '../helpers/dashboard';
import { realContent, silentLogger, testConfig } from '../helpers/env';

describe('dashboard access: sessions, roles, CSRF, lockout', () => {
  let rt: Runtime;
  beforeEach(async () => {
    rt = await buildRuntime(testConfig(), silentLogger(), { content: realContent() });
    await addOfficers(rt);
  });
  afterEach(async () => rt.close());

  const pages = ['/dashboard', '/dashboard/report', '/dashboard/export/reach-by-topic.csv', '/dashboard/callbacks', '/dashboard/callbacks/x', '/dashboard/audit', '/dashboard/audit.csv', '/dashboard/tokens'];

  it.each(pages)('%s sends someone without a session to the login form', async (path) => {
    const res = await request(rt.app).get(path);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/dashboard/login?next=${encodeURIComponent(path)}`);
  });

  it.each(['/api/stats/reach', '/api/stats/quiz'])('%s answers 401 without a session or token', async (path) => {
    const res = await request(rt.app).get(path);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'unauthorized' });
    expect((await request(rt.app).get(path).set('authorization', 'Bearer bdt_forged')).status).toBe(401);
  });

  it.each([
    ['viewer', '/dashboard/callbacks'],
    ['viewer', '/dashboard/audit'],
    ['viewer', '/dashboard/tokens'],
    ['support', '/dashboard/audit'],
    ['support', '/dashboard/tokens'],
    ['admin', '/dashboard/callbacks'],
  ])('a %s may not open %s (403)', async (role, path) => {
    const { agent } = await signIn(rt, role);
    expect((await agent.get(path)).status).toBe(403);
  });

  it.each([
    ['viewer', ['/dashboard', '/dashboard/report', '/api/stats/reach', '/api/stats/quiz']],
    ['support', ['/dashboard', '/dashboard/callbacks']],
    ['admin', ['/dashboard', '/dashboard/audit', '/dashboard/tokens']],
  ] as const)('a %s opens what the role allows', async (role, paths) => {
    const { agent } = await signIn(rt, role);
    for (const p of paths) expect({ p, status: (await agent.get(p)).status }).toEqual({ p, status: 200 });
  });

  it('refuses state-changing requests without the session CSRF token', async () => {
    const { agent, csrf } = await signIn(rt, 'admin');
    expect(csrf.length).toBeGreaterThan(20);
    expect((await agent.post('/dashboard/tokens').type('form').send({ name: 'province' })).status).toBe(403);
    expect((await agent.post('/dashboard/tokens').type('form').send({ name: 'province', _csrf: 'wrong' })).status).toBe(403);
    expect((await agent.post('/dashboard/logout').type('form').send({})).status).toBe(403);
    const ok = await agent.post('/dashboard/tokens').type('form').send({ name: 'province', _csrf: csrf });
    expect(ok.status).toBe(200);
    expect(ok.text).toMatch(/data-token>bdt_/);
  });

  it('refuses a login post without the login form token (login CSRF)', async () => {
    const res = await request(rt.app).post('/dashboard/login').type('form').send({ username: 'viewer', password: PASSWORDS.viewer });
    expect(res.status).toBe(403);
  });

  it('locks an account after 5 wrong passwords, even against the right one, and logs it', async () => {
    const agent = request.agent(rt.app);
    for (let i = 0; i < 5; i++) {
      const tokenRes = await loginToken(agent);
    const res = await agent.post('/dashboard/login').type('form').send({ username: 'viewer', password: 'wrong-wrong-wrong', _csrf: tokenRes });
      expect(res.status).toBe(401);
    }
    const tokenRight = await loginToken(agent);
    const right = await agent.post('/dashboard/login').type('form').send({ username: 'viewer', password: PASSWORDS.viewer, _csrf: tokenRight });
    expect(right.status).toBe(401);
    expect(right.text).toContain('khóa 15 phút');
    const audit = await new AuditLog(rt.stores.records).recent(10);
    expect(audit.map((e) => e.action)).toContain('login.locked');
    expect(audit.filter((e) => e.action === 'login.failed')).toHaveLength(4);
  });

  it('limits login attempts from one address (429)', async () => {
    const agent = request.agent(rt.app);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const token = await loginToken(agent);
      statuses.push((await agent.post('/dashboard/login').type('form').send({ username: `nobody${i}`, password: 'x', _csrf: token })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('sets a session cookie that scripts cannot read and other sites cannot send', async () => {
    const agent = request.agent(rt.app);
    const tokenRes = await loginToken(agent);
    const res = await agent.post('/dashboard/login').type('form').send({ username: 'viewer', password: PASSWORDS.viewer, _csrf: tokenRes });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('bd_sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(res.headers.location).toBe('/dashboard');
  });

  it('does not follow a login redirect off the dashboard', async () => {
    const agent = request.agent(rt.app);
    const tokenRes = await loginToken(agent);
    const res = await agent.post('/dashboard/login').type('form').send({ username: 'viewer', password: PASSWORDS.viewer, _csrf: tokenRes, next: 'https://evil.example/' });
    expect(res.headers.location).toBe('/dashboard');
  });

  it('ends the session on logout', async () => {
    const { agent, csrf } = await signIn(rt, 'viewer');
    expect((await agent.post('/dashboard/logout').type('form').send({ _csrf: csrf })).status).toBe(303);
    expect((await agent.get('/dashboard')).status).toBe(303);
  });

  it('lets the province pull figures with an API token, read-only', async () => {
    const { agent, csrf } = await signIn(rt, 'admin');
    const page = await agent.post('/dashboard/tokens').type('form').send({ name: 'so-noi-vu', _csrf: csrf });
    const token = /data-token>(bdt_[^<]+)</.exec(page.text)![1]!;
    const res = await request(rt.app).get('/api/stats/reach?period=2026-Q4').set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.period.id).toBe('2026-Q4');
    expect(res.body.definitions.reached).toMatch(/tiếp cận/);
    expect((await request(rt.app).get('/api/stats/reach?period=nonsense').set('authorization', `Bearer ${token}`)).status).toBe(400);
    // A token is a viewer: it cannot reach officers' pages.
    expect((await request(rt.app).get('/dashboard/callbacks').set('authorization', `Bearer ${token}`)).status).toBe(403);
    const audit = await new AuditLog(rt.stores.records).recent(5);
    expect(audit[0]).toMatchObject({ actor: 'token:so-noi-vu', action: 'api', target: 'reach 2026-Q4' });
  });
});
