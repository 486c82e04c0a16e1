import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { editorReport, type ReferencingFile } from '../content/checks';
import { ContentError } from '../content/errors';
import { loadContent } from '../content/load';

/** Text files that may name content ids: the content folder, and the code and tests beside it. */
function referencingFiles(contentDir: string): ReferencingFile[] {
  const root = path.dirname(path.resolve(contentDir));
  const dirs = [path.resolve(contentDir), ...['src', 'dialogs', 'test'].map((d) => path.join(root, d))];
  const out: ReferencingFile[] = [];
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|md|ya?ml|json)$/.test(e.name)) out.push({ path: path.relative(process.cwd(), p), text: fs.readFileSync(p, 'utf8') });
    }
  };
  dirs.forEach(walk);
  return out;
}

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
  const report = editorReport(content, {
    minArticlesPerTopic: 3,
    maxServiceAgeDays: cfg.serviceVerifiedMaxAgeDays,
    files: referencingFiles(cfg.contentDir),
  });
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
