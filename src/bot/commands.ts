import type { Commands } from '../content/schemas';
import { simplify } from '../search/normalize';

/**
 * Recognises the words residents may type at any time ("menu", "hủy", "help", "English").
 * The whole message must be the command: "hủy hẹn khám thai" is a question, not "cancel".
 */
export class CommandMatcher {
  private readonly byPhrase = new Map<string, string>();

  constructor(commands: Commands) {
    for (const [name, phrases] of Object.entries(commands)) {
      for (const p of phrases) {
        const key = simplify(p) || p.trim();
        if (!this.byPhrase.has(key)) this.byPhrase.set(key, name);
      }
    }
  }

  match(text: string): string | undefined {
    const key = simplify(text) || text.trim();
    return this.byPhrase.get(key);
  }
}
