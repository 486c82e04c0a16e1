import { z } from 'zod';

/** Schemas for everything in content/. Field-level messages are what an editor reads. */

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const nonEmpty = z.string().trim().min(1, 'must not be empty');
export const localized = z.object({ vi: nonEmpty, en: nonEmpty }).strict();
/** Vietnamese is required; English may be missing (for example contest rounds). */
export const localizedViRequired = z.object({ vi: nonEmpty, en: nonEmpty.optional() }).strict();
export type Localized = z.infer<typeof localized>;

const kebabId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case ASCII (a-z, 0-9, -)');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');

export const topicsFileSchema = z
  .object({
    groups: z
      .array(z.object({ id: kebabId, title: localized, topics: z.array(kebabId).min(1) }).strict())
      .min(1),
    topics: z.array(z.object({ id: kebabId, title: localized, sensitive: z.boolean() }).strict()).min(1),
  })
  .strict();
export type TopicsFile = z.infer<typeof topicsFileSchema>;

export const sourceSchema = z
  .object({
    law: nonEmpty,
    article: nonEmpty.optional(),
    url: z.url().optional(),
  })
  .strict();
export type Source = z.infer<typeof sourceSchema>;

export const articleFrontmatterSchema = z
  .object({
    id: kebabId,
    topic: kebabId,
    title: nonEmpty,
    summary: nonEmpty.optional(),
    core: z.boolean().default(false),
    order: z.number().int().optional(),
    keywords: z.array(nonEmpty).min(1, 'needs at least one keyword'),
    questions: z.array(nonEmpty).default([]),
    sources: z.array(sourceSchema).min(1, 'every article needs at least one source'),
    related: z.array(kebabId).default([]),
  })
  .strict();
export type ArticleFrontmatter = z.infer<typeof articleFrontmatterSchema>;

export const SERVICE_KINDS = [
  'police', 'health', 'womens-union', 'legal-aid', 'shelter', 'trusted-address', 'hotline',
  'child-protection', 'commune', 'counselling', 'social-assistance',
] as const;
export const AUDIENCES = ['anyone', 'victim', 'child', 'perpetrator', 'trafficking', 'someone-else'] as const;

export const serviceSchema = z
  .object({
    id: kebabId,
    kind: z.enum(SERVICE_KINDS),
    scope: z.enum(['national', 'province', 'commune']),
    name: localized,
    phone: z
      .string()
      .regex(/^[0-9][0-9 ]{1,15}[0-9]$/, 'must be digits (spaces allowed), or null')
      .nullable(),
    address: localized.nullable().default(null),
    hours: localized.nullable().default(null),
    offers: z.object({ vi: z.array(nonEmpty).min(1), en: z.array(nonEmpty).min(1) }).strict(),
    audience: z.array(z.enum(AUDIENCES)).min(1),
    confidential: z.boolean().default(false),
    source: z.array(z.url()).default([]),
    verified: isoDate.nullable(),
    verifiedBy: nonEmpty.nullable().default(null),
    howToReach: localized.nullable().default(null),
    note: z.string().nullable().default(null),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.verified && s.source.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'a verified entry must name its source' });
    }
    if (s.confidential && s.address) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: 'a confidential entry must not carry an address' });
    }
    if (!s.phone && !s.howToReach) {
      ctx.addIssue({ code: 'custom', path: ['howToReach'], message: 'an entry without a phone number must say how to reach it' });
    }
    // A typo such as 2062 would keep a number "fresh" for decades and hide it from the staleness check.
    if (s.verified && Date.parse(`${s.verified}T00:00:00+07:00`) > Date.now() + 86_400_000) {
      ctx.addIssue({ code: 'custom', path: ['verified'], message: 'is in the future: write the date the number was checked' });
    }
    if (s.confidential && s.audience.includes('perpetrator')) {
      ctx.addIssue({ code: 'custom', path: ['audience'], message: 'a confidential place (shelter, trusted address) is never listed for people who use violence' });
    }
  });
export type Service = z.infer<typeof serviceSchema>;
export const servicesFileSchema = z.object({ services: z.array(serviceSchema).min(1) }).strict();

export const areaSchema = z
  .object({
    name: localized,
    province: localized,
    formerNames: z.array(z.union([nonEmpty, z.object({ vi: nonEmpty, en: nonEmpty.optional() }).passthrough()])).default([]),
    timezone: z.string().default('Asia/Ho_Chi_Minh'),
    campaignYear: z.object({ startMonth: z.number().int().min(1).max(12) }).passthrough().default({ startMonth: 1 }),
    targets: z.record(z.string(), z.unknown()).default({}),
    residentialGroups: z
      .array(z.object({ id: kebabId, name: nonEmpty, placeholder: z.boolean().optional() }).passthrough())
      .min(1),
    population: z
      .object({
        total: z.number().int().positive(),
        male: z.number().int().nonnegative().optional(),
        female: z.number().int().nonnegative().optional(),
        year: z.number().int().optional(),
        source: z.string().optional(),
        placeholder: z.boolean().optional(),
      })
      .passthrough(),
  })
  .passthrough();
export type Area = z.infer<typeof areaSchema>;

/** A real calendar day (2026-02-30 is refused), written YYYY-MM-DD. */
const calendarDay = isoDate.refine((d) => {
  const date = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === d;
}, 'is not a real calendar day');
/** Days in the town's time zone (area.yaml), both ends included. */
const windowSchema = z
  .object({ from: calendarDay, to: calendarDay })
  .strict()
  .refine((w) => w.from <= w.to, { message: 'ends before it starts (from must not be after to)', path: ['to'] });

/** A round must be finishable in one sitting: Messenger's reply window closes after 24 hours. */
export const MAX_ROUND_QUESTIONS = 15;

export const quizQuestionSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be lowercase ASCII, digits and -'),
    topic: kebabId,
    text: localizedViRequired,
    options: z
      .array(z.object({ text: localizedViRequired, correct: z.boolean().optional() }).strict())
      .min(2, 'needs 2 to 4 options')
      .max(4, 'needs 2 to 4 options (answered A to D)'),
    explanation: localizedViRequired,
    source: sourceSchema,
  })
  .strict()
  .refine((q) => q.options.filter((o) => o.correct === true).length === 1, {
    message: 'needs exactly one option with correct: true',
    path: ['options'],
  })
  .refine((q) => new Set(q.options.map((o) => o.text.vi.trim().toLowerCase())).size === q.options.length, {
    message: 'two options have the same text',
    path: ['options'],
  });

const quizRoundSchema = z
  .object({
    id: kebabId,
    title: localizedViRequired,
    window: windowSchema.optional(),
    questions: z
      .array(quizQuestionSchema)
      .min(1)
      .max(MAX_ROUND_QUESTIONS, `a round must be finishable in one sitting: at most ${MAX_ROUND_QUESTIONS} questions`),
  })
  .strict();

export const quizSchema = z
  .object({
    id: kebabId,
    kind: z.enum(['contest', 'practice']),
    title: localizedViRequired,
    window: windowSchema.optional(),
    rounds: z.array(quizRoundSchema).min(1),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>();
    quiz.rounds.forEach((r, ri) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: ['rounds', ri, 'id'], message: 'round id is used twice in this quiz' });
      seen.add(r.id);
      const w = r.window;
      if (w && quiz.window && (w.from < quiz.window.from || w.to > quiz.window.to)) {
        ctx.addIssue({ code: 'custom', path: ['rounds', ri, 'window'], message: "must lie inside the quiz's window" });
      }
      if (quiz.kind === 'contest' && !w && !quiz.window) {
        ctx.addIssue({ code: 'custom', path: ['rounds', ri, 'window'], message: 'a contest round needs a window (its own or the quiz\'s)' });
      }
    });
    // One open round a day: "which round is open today" must have one answer.
    const dated = quiz.rounds.map((r, ri) => ({ ri, w: r.window })).filter((x) => x.w).sort((a, b) => a.w!.from.localeCompare(b.w!.from));
    for (let i = 1; i < dated.length; i++) {
      if (dated[i]!.w!.from <= dated[i - 1]!.w!.to) {
        ctx.addIssue({ code: 'custom', path: ['rounds', dated[i]!.ri, 'window'], message: `overlaps the window of round "${quiz.rounds[dated[i - 1]!.ri]!.id}"` });
      }
    }
    // The practice quiz is offered in every language the bot speaks.
    if (quiz.kind === 'practice') {
      if (!quiz.title.en) ctx.addIssue({ code: 'custom', path: ['title', 'en'], message: 'a practice quiz needs English too' });
      quiz.rounds.forEach((r, ri) => {
        if (!r.title.en) ctx.addIssue({ code: 'custom', path: ['rounds', ri, 'title', 'en'], message: 'a practice quiz needs English too' });
        r.questions.forEach((q, qi) => {
          const at = ['rounds', ri, 'questions', qi];
          if (!q.text.en) ctx.addIssue({ code: 'custom', path: [...at, 'text', 'en'], message: 'a practice quiz needs English too' });
          if (!q.explanation.en) ctx.addIssue({ code: 'custom', path: [...at, 'explanation', 'en'], message: 'a practice quiz needs English too' });
          q.options.forEach((o, oi) => {
            if (!o.text.en) ctx.addIssue({ code: 'custom', path: [...at, 'options', oi, 'text', 'en'], message: 'a practice quiz needs English too' });
          });
        });
      });
    }
  });
export type Quiz = z.infer<typeof quizSchema>;
export type QuizRound = Quiz['rounds'][number];
export type QuizQuestion = QuizRound['questions'][number];

export const dictionarySchema = z
  .object({
    /** Whole-word replacements on folded text (no diacritics): chat spellings and abbreviations. */
    replacements: z.record(z.string(), z.string()).default({}),
    /** Phrases that mean the same; every phrase in a group is rewritten to the group's first. */
    synonyms: z.array(z.array(nonEmpty).min(2)).default([]),
    /** Words that carry no meaning for matching (folded). */
    stopwords: z.array(nonEmpty).default([]),
    /**
     * Phrases about things the knowledge base deliberately does not answer (marriage
     * registration, health-insurance procedures, lost property): their words never count as
     * explained by an article, so such questions fall back instead of being answered wrongly.
     */
    outOfScope: z.array(nonEmpty).default([]),
    /**
     * Phrases of danger or violence ("bị đánh", "dọa giết", "xâm hại"): a question containing
     * one is answered with the confidential support path offered alongside, whatever the topic
     * of the article that answers it.
     */
    sensitive: z.array(nonEmpty).default([]),
    /**
     * Phrases in the voice of the person being hurt ("chồng đánh em", "he hits me"). Such a
     * question is not answered from the topics in `victimVoiceAvoids` (those written for the
     * person who uses violence): someone saying "he hits me" needs help, not anger management.
     */
    victimVoice: z.array(nonEmpty).default([]),
    victimVoiceAvoids: z.array(z.string()).default([]),
  })
  .strict();
export type Dictionary = z.infer<typeof dictionarySchema>;

/** Words typed anywhere: command name -> phrases (both languages). */
export const commandsSchema = z.record(z.string().regex(/^[a-z-]+$/), z.array(z.union([nonEmpty, z.number()]).transform(String)).min(1));
export type Commands = z.infer<typeof commandsSchema>;

/**
 * Words of distress (content/support/distress.yaml). Phrases use a small pattern language
 * described in that file; src/support/distress.ts compiles and checks them.
 */
export const distressSchema = z
  .object({
    sets: z.record(z.string().regex(/^[a-z]+$/, 'set names are lowercase ASCII letters'), z.array(nonEmpty).min(1)).default({}),
    ignore: z.array(nonEmpty).default([]),
    /** Danger happening now (a weapon, "cứu", threats to kill): straight to the danger check. */
    urgent: z.array(nonEmpty).default([]),
    victim: z.array(nonEmpty).min(1),
    perpetrator: z.array(nonEmpty).default([]),
  })
  .strict();
export type DistressPhrases = z.infer<typeof distressSchema>;

export const SUPPORT_BRANCHES = ['understand', 'services', 'someone-else', 'perpetrator', 'trafficking'] as const;
export type SupportBranch = (typeof SUPPORT_BRANCHES)[number];
const shortLabel = z.string().trim().min(1, 'must not be empty').max(17, 'at most 17 characters (buttons are cut at 20)');
const supportBranchSchema = z
  .object({
    audience: z.enum(AUDIENCES).optional(),
    readings: z
      .array(z.object({ article: kebabId, label: z.object({ vi: shortLabel, en: shortLabel }).strict() }).strict())
      .max(9, 'at most 9 readings a choice')
      .default([]),
  })
  .strict();
/** What each choice of the support path offers (content/support/path.yaml). */
export const supportPathSchema = z
  .object({
    branches: z.object(Object.fromEntries(SUPPORT_BRANCHES.map((b) => [b, supportBranchSchema])) as Record<SupportBranch, typeof supportBranchSchema>).strict(),
  })
  .strict();
export type SupportPath = z.infer<typeof supportPathSchema>;
