import type { Locale, Service } from './schemas';

/** A directory number may be shown only when someone verified it against its source. */
export function isShowable(s: Service): s is Service & { phone: string } {
  return s.phone !== null && s.verified !== null;
}

const PLACEHOLDER = /\{\{\s*(phone|service)\s*:\s*([a-z0-9-]+)\s*\}\}/g;

/**
 * Fills {{phone:id}} and {{service:id}} from the directory. Articles never hold a number of
 * their own, so a number corrected in services.yaml is corrected everywhere at once.
 * Throws (with the placeholder) when an id is unknown or its number is not verified.
 */
export function fillPlaceholders(text: string, locale: Locale, services: (id: string) => Service | undefined): string {
  return text.replace(PLACEHOLDER, (whole, kind: string, id: string) => {
    const s = services(id);
    if (!s) throw new Error(`${whole} names no entry in services.yaml`);
    if (kind === 'phone') {
      if (!isShowable(s)) throw new Error(`${whole}: that number is not verified in services.yaml`);
      return s.phone;
    }
    if (isShowable(s)) return `${s.name[locale]}: ${s.phone}`;
    return s.howToReach ? `${s.name[locale]} (${lowerFirst(s.howToReach[locale])})` : s.name[locale];
  });
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Markdown as residents see it in a chat app: plain paragraphs and bullets. */
export function markdownToChat(md: string): string {
  return md
    .replace(/\r\n?/g, '\n')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/^\s*[-*+]\s+/gm, '• ')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
