/**
 * A tiny HTML templating helper: every interpolated value is escaped unless it was produced by
 * `html` itself (or marked with `raw`). Server-rendered pages stay small, need no build step and
 * work on a commune office's old phone browser.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Value = SafeHtml | string | number | boolean | null | undefined | Value[];

function render(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (v instanceof SafeHtml) return v.value;
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}

/** For trusted, already-escaped markup only (for example a JSON block made with `jsonForScript`). */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** JSON safe to embed in <script type="application/json">: no "</script>" break-out. */
export function jsonForScript(data: unknown): SafeHtml {
  return raw(JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026'));
}
