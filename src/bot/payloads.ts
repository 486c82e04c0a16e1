/**
 * Stable payloads behind every button. A payload is what a tap sends (a Messenger quick-reply
 * payload, a Zalo `oa.query` text, a Bot Framework postBack value, a number typed in the console).
 * Payloads are routable at any time, so an old button tapped days later still does what it says.
 *
 * Format: `KIND` or `KIND:arg:arg`, KIND in capitals. Dialog text is never a payload.
 */
export const Payload = {
  getStarted: 'GET_STARTED',
  menu: 'MENU',
  help: 'HELP',
  learn: 'LEARN',
  quiz: 'QUIZ',
  support: 'SUPPORT',
  settings: 'SETTINGS',
  group: (id: string) => `GROUP:${id}`,
  topic: (id: string) => `TOPIC:${id}`,
  article: (id: string, part = 1) => `ARTICLE:${id}:${part}`,
  language: (locale: string) => `LANG:${locale}`,
  chooseLanguage: 'LANG',
} as const;

export interface ParsedPayload {
  kind: string;
  args: string[];
}

const PAYLOAD_RE = /^([A-Z][A-Z0-9_]*)((?::[A-Za-z0-9._-]+)*)$/;

export function parsePayload(text: string | undefined): ParsedPayload | undefined {
  if (!text) return undefined;
  const m = PAYLOAD_RE.exec(text.trim());
  if (!m) return undefined;
  return { kind: m[1]!, args: m[2] ? m[2].slice(1).split(':') : [] };
}
