import { parse as parseCookies, serialize } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { can, type Officer, type Permission } from '../officers/roles';
import { sameSecret, type Session, type Sessions } from '../officers/sessions';
import type { StateStore } from '../stores/ports';

export const SESSION_COOKIE = 'bd_sid';
export const LANG_COOKIE = 'bd_lang';

/** What a request knows about who is asking (set by `identify`). */
export interface Caller {
  officer?: Officer;
  /** Present for a browser session (cookie); absent for an API token. */
  session?: Session & { id: string };
}

export function caller(res: Response): Caller {
  return (res.locals.caller as Caller | undefined) ?? {};
}

export function cookies(req: Request): Record<string, string | undefined> {
  return parseCookies(req.headers.cookie ?? '');
}

/**
 * Who is asking: a session cookie (browser) or `Authorization: Bearer bdt_…` (the province's
 * systems, read-only). Never both: a token request carries no cookie-based authority.
 */
export function identify(sessions: Sessions): RequestHandler {
  return async (req, res, next) => {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const officer = await sessions.verifyToken(auth.slice(7).trim());
      res.locals.caller = { officer } satisfies Caller;
      return next();
    }
    const id = cookies(req)[SESSION_COOKIE];
    const session = await sessions.get(id);
    res.locals.caller = (session ? { officer: session.officer, session: { ...session, id: id! } } : {}) satisfies Caller;
    next();
  };
}

/**
 * Refuses a caller without the permission: pages redirect to the login form, the API answers
 * 401 (no one) or 403 (the wrong role).
 */
export function requirePermission(permission: Permission, kind: 'page' | 'api'): RequestHandler {
  return (req, res, next) => {
    const { officer } = caller(res);
    if (!officer) {
      if (kind === 'page') return res.redirect(303, `/dashboard/login?next=${encodeURIComponent(req.originalUrl)}`);
      return res.status(401).json({ error: 'unauthorized' });
    }
    if (!can(officer, permission)) return res.status(403).type(kind === 'page' ? 'text/plain' : 'json').send(kind === 'page' ? 'Forbidden' : { error: 'forbidden' });
    next();
  };
}

/**
 * Synchronizer-token CSRF check on every state-changing request made with a session cookie:
 * the form's `_csrf` field (or the `x-csrf-token` header) must equal the session's token.
 */
export function verifyCsrf(req: Request, res: Response, next: NextFunction): void {
  const { session } = caller(res);
  if (!session) {
    res.status(403).type('text/plain').send('Forbidden');
    return;
  }
  const sent = (req.body as { _csrf?: unknown } | undefined)?._csrf ?? req.headers['x-csrf-token'];
  if (typeof sent !== 'string' || !sameSecret(sent, session.csrf)) {
    res.status(403).type('text/plain').send('Invalid or missing CSRF token');
    return;
  }
  next();
}

/** Login attempts per client address: 10 per 15 minutes, on top of the per-account lockout. */
export function loginRateLimit(state: StateStore, perWindow = 10, windowMs = 15 * 60_000): RequestHandler {
  return async (req, res, next) => {
    const count = await state.increment(`dashboard-login/${req.ip ?? 'unknown'}`, windowMs);
    if (count > perWindow) {
      res.status(429).set('retry-after', String(Math.ceil(windowMs / 1000))).type('text/plain').send('Too many login attempts; try again later.');
      return;
    }
    next();
  };
}

export function sessionCookie(id: string, secure: boolean, maxAgeMs: number): string {
  return serialize(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: Math.floor(maxAgeMs / 1000) });
}

export function clearSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 0 });
}
