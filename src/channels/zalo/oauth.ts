/**
 * One call to Zalo's OA OAuth v4 token endpoint (channels.md §A4):
 *   POST {ZALO_OAUTH_BASE}/v4/oa/access_token, header `secret_key: <app secret>`,
 *   form body refresh_token=…&app_id=…&grant_type=refresh_token
 * The answer is a new access token (about 25 h) and a new refresh token: the old refresh token
 * is spent, whatever happens next. Nothing here logs or stores; tokens.ts decides.
 */
export type RefreshResult =
  | { kind: 'ok'; accessToken: string; refreshToken?: string; expiresInS: number }
  /** Zalo answered and said no (bad or spent refresh token, wrong app secret…): do not retry. */
  | { kind: 'refused'; code: string; description: string }
  /** No usable answer (network, timeout, 5xx): the refresh token may still be good. */
  | { kind: 'transient'; code: string };

export interface OAuthOptions {
  oauthBase: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

/** Seconds Chatwoot assumes when `expires_in` is missing; short, so a refresh comes early. */
const DEFAULT_EXPIRES_S = 3600;

export async function refreshAccessToken(opts: OAuthOptions, refreshToken: string): Promise<RefreshResult> {
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(`${opts.oauthBase}/v4/oa/access_token`, {
      method: 'POST',
      headers: { secret_key: opts.appSecret, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: opts.appId, grant_type: 'refresh_token' }).toString(),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
  } catch (err) {
    return { kind: 'transient', code: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network' };
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = await res.json();
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  if (res.status >= 500 || res.status === 429) return { kind: 'transient', code: `http_${res.status}` };
  if (body && typeof body.access_token === 'string' && body.access_token !== '') {
    const expires = Number(body.expires_in);
    return {
      kind: 'ok',
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
      expiresInS: Number.isFinite(expires) && expires > 60 ? expires : DEFAULT_EXPIRES_S,
    };
  }
  if (body && body.error !== undefined && body.error !== 0 && body.error !== '0') {
    const description = [body.error_name, body.error_description, body.message].find((v) => typeof v === 'string') as string | undefined;
    return { kind: 'refused', code: String(body.error).slice(0, 20), description: sanitize(description ?? '') };
  }
  if (res.status >= 400) return { kind: 'refused', code: `http_${res.status}`, description: '' };
  return { kind: 'transient', code: 'unexpected_response' };
}

/** Zalo's description goes to the log and /readyz: keep it short and free of anything token-like. */
function sanitize(s: string): string {
  return s.replace(/[A-Za-z0-9_-]{24,}/g, '[…]').slice(0, 160);
}
