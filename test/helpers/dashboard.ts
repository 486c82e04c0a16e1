import request from 'supertest';
import type { Runtime } from '../../src/compose';
import { OfficerAccounts } from '../../src/officers/accounts';
import type { Role } from '../../src/officers/roles';

export const PASSWORDS: Record<Role, string> = { viewer: 'viewer-password-1', support: 'support-password-2', admin: 'admin-password-3' };

/** One officer of each role, named after the role. */
export async function addOfficers(rt: Runtime): Promise<void> {
  const accounts = new OfficerAccounts(rt.stores.records);
  for (const role of ['viewer', 'support', 'admin'] as const) await accounts.add(role, role, PASSWORDS[role]);
}

/** The login form's CSRF token (also set as a cookie on the agent). */
export async function loginToken(agent: request.Agent): Promise<string> {
  const page = await agent.get('/dashboard/login');
  return /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
}

/** A browser-like agent signed in as `username`; returns it with its session's CSRF token. */
export async function signIn(rt: Runtime, username: string, password = PASSWORDS[username as Role]): Promise<{ agent: request.Agent; csrf: string }> {
  const agent = request.agent(rt.app);
  const token = await loginToken(agent);
  const res = await agent.post('/dashboard/login').type('form').send({ username, password, _csrf: token, next: '/dashboard' });
  if (res.status !== 303) throw new Error(`login failed for ${username}: ${res.status}`);
  const page = await agent.get('/dashboard');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  return { agent, csrf };
}
