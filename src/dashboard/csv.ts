/**
 * CSV for officers' spreadsheets (Excel, LibreOffice, Google Sheets). A UTF-8 BOM so Excel reads
 * Vietnamese correctly; RFC 4180 quoting; and a cell that starts with = + - @ (or a tab or
 * carriage return) is prefixed with an apostrophe, so a residential group named
 * "=HYPERLINK(...)" is shown as text and never runs as a formula (OWASP CSV injection).
 */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

export function toCsv<T>(rows: T[], columns: CsvColumn<T>[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(','));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
