import { loadConfig } from '../config';
import { editorReport } from '../content/checks';
import { ContentError } from '../content/errors';
import { loadContent } from '../content/load';

/**
 * `npm run content:check [-- --strict]`: the startup validation plus the editors' report.
 * A broken file exits 1 naming file and field; warnings exit 0 (1 with --strict).
 */
function main(): void {
  const strict = process.argv.includes('--strict');
  const cfg = loadConfig(process.env);
  let content;
  try {
    content = loadContent(cfg.contentDir);
  } catch (err) {
    if (err instanceof ContentError) {
      process.stderr.write(`content error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const report = editorReport(content, { minArticlesPerTopic: 3, maxServiceAgeDays: cfg.serviceVerifiedMaxAgeDays });
  const totalVi = content.articles.vi.length;
  const totalEn = content.articles.en.length;
  process.stdout.write(`content OK: ${totalVi} Vietnamese and ${totalEn} English articles, ${content.topics.size} topics, `);
  process.stdout.write(`${content.services.length} directory entries, ${content.quizzes.length} quizzes\n\n`);
  for (const [topic, c] of Object.entries(report.counts)) process.stdout.write(`  ${topic.padEnd(24)} vi ${String(c.vi).padStart(2)}  en ${String(c.en).padStart(2)}\n`);
  if (report.warnings.length > 0) {
    process.stdout.write(`\n${report.warnings.length} warning(s):\n`);
    for (const w of report.warnings) process.stdout.write(`  - ${w}\n`);
  }
  if (strict && report.warnings.length > 0) process.exit(1);
}

main();
