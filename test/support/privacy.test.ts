import fs from 'node:fs';
import path from 'node:path';
import { fold } from '../../src/search/normalize';
import { makeBot } from '../helpers/bot';
import { TestChat } from '../helpers/chat';
import { captureLogger, tempDir } from '../helpers/env';
import { deskFor, supportOfficer } from '../helpers/support';

/** What the person types in a whole support conversation (taps are payloads, not their words). */
const TYPED = [
  'chồng tôi đánh tôi hôm qua',
  'Bị chồng đánh thì báo ai?',
  '0987 654 321',
  'tối thứ Năm sau 22 giờ',
  'hỏi mượn cái thúng',
  'He threatened to kill me',
];

/** Every form the typed text could take in bytes: as typed, folded, digits only, NFD, UTF-16. */
function needles(): Buffer[] {
  const forms = new Set<string>();
  for (const t of TYPED) {
    forms.add(t);
    forms.add(t.toLowerCase());
    forms.add(fold(t));
    forms.add(t.normalize('NFD'));
    if (/\d{3}/.test(t)) forms.add(t.replace(/\D/g, ''));
  }
  forms.add('987654321');
  forms.add('+84987654321');
  return [...forms].flatMap((f) => [Buffer.from(f, 'utf8'), Buffer.from(f, 'utf16le')]);
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('privacy of a whole support conversation', () => {
  it('leaves none of what the person typed in the log, the metrics or any byte of the data directory', async () => {
    const dataDir = tempDir();
    const { logger, output } = captureLogger('trace');
    const tb = makeBot({ dataDir, logger });
    const chat = new TestChat(tb.bot, 'resident-private');
    const conversation = [
      'GET_STARTED',
      TYPED[0]!,
      'SP:go',
      'SP:dy',
      'SP:m',
      'SP:s',
      'SP:d:v:1',
      TYPED[1]!,
      'SP:go',
      'SP:dn',
      'SP:c',
      'SP:cs',
      'SP:f:m:p',
      TYPED[2]!,
      TYPED[3]!,
      TYPED[4]!,
      'SP:f:ok',
      'SP:o',
      'SP:p',
      'SP:t',
      TYPED[5]!,
      'SP:e',
    ];
    for (const input of conversation) await chat.say(input);

    // The request really is there, and holds what was typed: it is sealed, not missing.
    const list = await deskFor(tb).list(supportOfficer);
    expect(list).toHaveLength(1);
    expect((await deskFor(tb).read(supportOfficer, list[0]!.id))?.details.safeWord).toBe(TYPED[4]);

    const metrics = await tb.metrics.registry.metrics();
    await tb.close();
    const files = filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(0);
    const bytes = files.map((f) => ({ f: path.basename(f), b: fs.readFileSync(f) }));
    const found: string[] = [];
    for (const n of needles()) {
      if (Buffer.from(output(), 'utf8').includes(n)) found.push(`log: ${n.toString()}`);
      if (Buffer.from(metrics, 'utf8').includes(n)) found.push(`metrics: ${n.toString()}`);
      for (const { f, b } of bytes) if (b.includes(n)) found.push(`${f}: ${n.toString()}`);
    }
    expect(found).toEqual([]);
    // And the ids the platform gave the person are nowhere either.
    for (const { b } of bytes) expect(b.includes(Buffer.from('resident-private'))).toBe(false);
  });
});
