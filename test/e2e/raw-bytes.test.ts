import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { buildRuntime, type Runtime } from '../../src/compose';
import { Cipher, Pseudonymizer } from '../../src/privacy/crypto';
import { ReachPersonKeys } from '../../src/reach/person-key';
import { simplify } from '../../src/search/normalize';
import { PrivateStateStore } from '../../src/stores/private-state-store';
import { createSqliteStores } from '../../src/stores/sqlite';
import { storedPersonKey } from '../../src/stores/sqlite/reach-ledger';
import { realContent, silentLogger, tempDir, TEST_SECRETS, testConfig } from '../helpers/env';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every file in the data directory (database, WAL, shared memory), as raw bytes. */
function dataBytes(dir: string): Map<string, Buffer> {
  return new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
}

/** Where each needle appears: text searched as UTF-8 and as UTF-16 (either could hold it), bytes as they are. */
function findIn(files: Map<string, Buffer>, needles: Array<string | Buffer>): string[] {
  const hits: string[] = [];
  for (const [file, bytes] of files) {
    for (const n of needles) {
      const forms = typeof n === 'string' ? [Buffer.from(n, 'utf8'), Buffer.from(n, 'utf16le')] : [n];
      if (forms.some((f) => bytes.includes(f))) hits.push(`${file}: ${typeof n === 'string' ? n : n.toString('hex')}`);
    }
  }
  return hits;
}

const PSID = 'psid-5512398477123904';
const CONVERSATION = `conv-${PSID}`;
const OTHER = 'psid-7781234500012345';

/** What a resident types: with and without diacritics, chat spelling, English, a stray sentence. */
const TYPED = [
  'chồng tôi hay chửi mắng và không cho tôi đi làm',
  'chong khong cho vo di lam co sao khong',
  'ck e hay chui e ngu co phai bao luc ko',
  'What is domestic violence?',
  'tôi tên là Nguyễn Thị Hoa ở xóm Đông',
];

describe('nothing readable in the data directory', () => {
  let dir: string;
  let rt: Runtime;
  beforeEach(async () => {
    dir = tempDir();
    rt = await buildRuntime(testConfig({ DATA_DIR: dir }), silentLogger(), { content: realContent() });
  });
  afterEach(async () => rt.close());

  const say = async (from: string, text: string, n: number) => {
    const res = await request(rt.app)
      .post('/api/messages')
      .send({
        type: 'message', id: `m${n}`, text, channelId: 'emulator', serviceUrl: 'http://127.0.0.1:1', deliveryMode: 'expectReplies',
        from: { id: from, name: 'Hoa' }, recipient: { id: 'bot' }, conversation: { id: `conv-${from}` },
      });
    expect(res.status).toBe(200);
    return res.body as { activities: Array<{ text?: string }> };
  };

  it('after a scripted conversation: no platform id and no message text in any table, key, WAL page or deleted row', async () => {
    let n = 0;
    const script = ['xin chào', ...TYPED, 'LEARN', '2', 'ARTICLE:ge-basics-what-is-gender-equality:1', 'DETAILS:set:group:tdp-02', 'DETAILS:set:gender:female', 'riêng tư', 'menu'];
    for (const text of script) await say(PSID, text, ++n);
    // A second resident talks, then deletes their data: their rows are deleted, not just hidden.
    for (const text of ['xin chào', TYPED[0]!, 'ARTICLE:dv-basics-what-is-dv:1', 'xóa dữ liệu', 'FORGET:confirm']) await say(OTHER, text, ++n);
    const reached = await rt.stores.reach.report({ from: '2020-01-01', to: '2099-12-31', kinds: ['knowledge', 'quiz'] });
    expect(reached.total.people).toBe(1); // the bot did record reach (the first resident), so the search below means something

    const secret = [PSID, CONVERSATION, OTHER, 'Nguyễn Thị Hoa', ...TYPED, ...TYPED.map(simplify).filter((s) => s.length > 12)];
    const running = dataBytes(dir);
    expect([...running.keys()].sort()).toEqual(['binhdang.db', 'binhdang.db-shm', 'binhdang.db-wal']);
    expect(running.get('binhdang.db-wal')!.length).toBeGreaterThan(0); // the WAL is searched while it holds pages
    expect(findIn(running, secret)).toEqual([]);
    // botbuilder's own key shape (channel/users/<id>) never reaches the store either.
    expect(findIn(running, ['emulator/users/', 'emulator/conversations/'])).toEqual([]);

    await rt.close();
    const closed = dataBytes(dir);
    expect(findIn(closed, secret)).toEqual([]);
    rt = await buildRuntime(testConfig({ DATA_DIR: dir }), silentLogger(), { content: realContent() });
  });
});

describe('erased data does not linger on disk', () => {
  it('a deleted resident\'s state keys and reach rows leave the database file and the WAL within one sweep', async () => {
    const dir = tempDir();
    const base = createSqliteStores(dir, { stateTtlMs: 60_000, sweepEveryMs: 150 });
    const pseudonyms = new Pseudonymizer(TEST_SECRETS.PSEUDONYM_SECRET);
    const state = new PrivateStateStore(base.state, pseudonyms, new Cipher(Buffer.from(TEST_SECRETS.DATA_ENCRYPTION_KEY, 'hex')), {
      conversationTtlMs: 60_000,
      userTtlMs: 60_000,
    });
    const keys = new ReachPersonKeys(pseudonyms, realContent().area);
    const userKey = `zalo/users/${PSID}/`;
    const person = keys.key('zalo', PSID, 2026);
    await state.write({ [userKey]: { profile: { locale: 'en', gender: 'female' } } });
    await base.reach.record([{ kind: 'knowledge', day: '2026-11-30', channel: 'zalo', person, topic: 'dv-basics', gender: 'female' }]);
    const traces = [state.backendKey(userKey), storedPersonKey(person)];
    // Before erasure both pseudonymous keys are on disk (so the search below can fail).
    expect(findIn(dataBytes(dir), traces.slice(0, 1))).not.toEqual([]);
    expect(findIn(dataBytes(dir), traces.slice(1))).not.toEqual([]);

    await state.delete([userKey]);
    await base.reach.forget(keys.allKeys('zalo', PSID, new Date('2026-12-01T00:00:00Z')));
    expect(await state.read([userKey])).toEqual({});
    await sleep(600);
    const after = dataBytes(dir);
    expect(after.get('binhdang.db-wal')?.length ?? 0).toBe(0);
    expect(findIn(after, traces)).toEqual([]);
    await base.close();
  });
});
