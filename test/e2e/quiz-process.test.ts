import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { issuePrizeCode } from '../../src/quiz/prize-codes';
import { createSqliteStores } from '../../src/stores/sqlite';
import { ensureBuilt } from '../helpers/build';
import { CONTENT_DIR, ROOT, tempDir, TEST_SECRETS } from '../helpers/env';

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('quiz, as processes', () => {
  let main: string;
  beforeAll(() => {
    main = ensureBuilt();
  }, 120_000);

  it('a malformed quiz file stops the server with one line naming the file and the question', async () => {
    const dir = path.join(tempDir(), 'content');
    fs.cpSync(CONTENT_DIR, dir, { recursive: true });
    const file = path.join(dir, 'quizzes', 'practice.yaml');
    const quiz = YAML.parse(fs.readFileSync(file, 'utf8')) as { rounds: Array<{ questions: Array<Record<string, unknown>> }> };
    delete quiz.rounds[0]!.questions[6]!.explanation;
    fs.writeFileSync(file, YAML.stringify(quiz));
    const r = await run(main, [], { PORT: '0', DATA_DIR: tempDir(), CONTENT_DIR: dir, ...TEST_SECRETS });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/^cannot start: \S*quizzes\/practice\.yaml \(rounds\[0\] \(r1\)\.questions\[6\] \(pr-q07\)\.explanation\): [^\n]+$/);
  }, 30_000);

  it('npm run quiz -- verify checks a code in the bot’s own store', async () => {
    const dataDir = tempDir();
    const stores = createSqliteStores(dataDir, { stateTtlMs: 60_000 });
    const code = await issuePrizeCode(stores.records, new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET), 'nonce-e2e', {
      quiz: 'action-month-2026', round: 'r3', score: 10, total: 10,
    });
    await stores.close();
    const cli = path.join(ROOT, 'dist', 'src', 'cli', 'quiz.js');
    const env = { DATA_DIR: dataDir, CONTENT_DIR, ...TEST_SECRETS };
    const ok = await run(cli, ['verify', code], env);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Mã hợp lệ, chưa dùng: Vòng 3: .*, 10\/10 câu đúng\.\n$/) });
    expect((await run(cli, ['verify', 'ZZZZ-ZZZZ'], env)).code).toBe(1);
    expect((await run(cli, ['nonsense'], env)).code).toBe(2);
  }, 30_000);
});
