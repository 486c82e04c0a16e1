import type { Area } from '../content/schemas';
import type { Profile } from '../bot/turn';

/**
 * The optional details a resident may give for the statistics. Each is optional, never
 * required, asked at most once, and changeable or erasable in settings. Labels live in
 * content/locales/<lang>/details.json.
 */
export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

/** Wide bands: enough for the commune's outreach planning, too coarse to point at anyone. */
export const AGE_BANDS = ['under-18', '18-29', '30-44', '45-59', '60-plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export type DetailField = 'group' | 'gender' | 'age';
export const DETAIL_FIELDS: readonly DetailField[] = ['group', 'gender', 'age'];

/** The values allowed for a field (residential groups come from content/area.yaml). */
export function detailValues(area: Area, field: DetailField): readonly string[] {
  if (field === 'group') return area.residentialGroups.map((g) => g.id);
  return field === 'gender' ? GENDERS : AGE_BANDS;
}

/** The details of a profile that are still valid (a group removed from area.yaml is ignored). */
export function validDetails(area: Area, p: Profile | undefined): { residentialGroup?: string; gender?: string; ageBand?: string } {
  if (!p) return {};
  const ok = (field: DetailField, v: string | undefined) => (v !== undefined && detailValues(area, field).includes(v) ? v : undefined);
  const out: { residentialGroup?: string; gender?: string; ageBand?: string } = {};
  const g = ok('group', p.residentialGroup);
  const s = ok('gender', p.gender);
  const a = ok('age', p.ageBand);
  if (g) out.residentialGroup = g;
  if (s) out.gender = s;
  if (a) out.ageBand = a;
  return out;
}
