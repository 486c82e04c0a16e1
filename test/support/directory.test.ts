import path from 'node:path';
import { isShowable } from '../../src/content/render';
import { makeBot } from '../helpers/bot';
import { TestChat } from '../helpers/chat';
import { realContent } from '../helpers/env';
import { allText, callButtons } from '../helpers/support';
import { contentErrorOf as errorOf, copyContent as copy, editFile as edit } from '../helpers/broken-content';

const content = realContent();

describe('the directory in the support path', () => {
  it('every number offered anywhere on the path is a verified one, and no unverified number is ever printed', async () => {
    const tb = makeBot();
    const chat = new TestChat(tb.bot);
    const inputs = ['SUPPORT', 'SP:dy', 'SP:s', 'SP:o', 'SP:s:o', 'SP:p', 'SP:s:p', 'SP:t', 'SP:s:t'];
    for (const b of ['v', 'o', 'p', 't']) for (let i = 0; i < 10; i++) inputs.push(`SP:d:${b}:${i}`);
    const seen: string[] = [];
    const tels = new Set<string>();
    for (const input of inputs) {
      const r = await chat.say(input);
      seen.push(allText(r));
      for (const b of callButtons(r)) tels.add(b.value);
    }
    await tb.close();
    const verified = new Set(content.services.filter(isShowable).map((s) => `tel:${s.phone.replace(/\D/g, '')}`));
    expect([...tels].filter((t) => !verified.has(t))).toEqual([]);
    expect([...tels].sort()).toEqual(['tel:111', 'tel:113', 'tel:115']);
    const everything = seen.join('\n');
    for (const s of content.services.filter((x) => x.phone && !x.verified)) {
      expect(everything).not.toContain(s.phone!);
      expect(everything).not.toContain(s.phone!.replace(/\s/g, ''));
    }
    // Unverified national lines are not even named: the name alone would send people looking for a number.
    for (const s of content.services.filter((x) => x.scope === 'national' && !isShowable(x))) expect(everything).not.toContain(s.name.vi);
  });

  it('the bot refuses to start if a number the path relies on lost its verification', () => {
    // Articles using the number already stop the content from loading; this is the second lock.
    const unverified = { ...content.service('ambulance-115')!, verified: null };
    const broken = { ...content, service: (id: string) => (id === 'ambulance-115' ? unverified : content.service(id)) };
    expect(() => makeBot({ content: broken })).toThrow(/verified number for ambulance-115/);
  });
});

describe('support content is validated at startup, naming file and field', () => {
  it('a confidential place may not carry an address', () => {
    const dir = copy();
    edit(path.join(dir, 'services.yaml'), (s) => s.replace(/(id: trusted-addresses[\s\S]*?address: )null/, '$1{ vi: "Số 1 đường A", en: "1 A street" }'));
    expect(errorOf(dir).message).toMatch(/services\.yaml.*trusted-addresses\)\.address.*confidential/);
  });

  it('a verification date in the future is refused', () => {
    const dir = copy();
    edit(path.join(dir, 'services.yaml'), (s) => s.replace(/(id: hotline-111[\s\S]*?verified: )2026-11-30/, '$12062-11-30'));
    expect(errorOf(dir).message).toMatch(/hotline-111\)\.verified.*future/);
  });

  it('a confidential place is never listed for people who use violence', () => {
    const dir = copy();
    edit(path.join(dir, 'services.yaml'), (s) => s.replace(/(id: trusted-addresses[\s\S]*?audience: \[victim, child)\]/, '$1, perpetrator]'));
    expect(errorOf(dir).message).toMatch(/trusted-addresses\)\.audience/);
  });

  it('a reading must name an existing article', () => {
    const dir = copy();
    edit(path.join(dir, 'support/path.yaml'), (s) => s.replace('article: dv-basics-what-is-dv', 'article: dv-basics-no-such-thing')); // content-check: ignore
    const err = errorOf(dir);
    expect(err.message).toContain('support/path.yaml');
    expect(err.field).toBe('branches.understand.readings[0].article');
  });

  it('a button label must fit a button', () => {
    const dir = copy();
    edit(path.join(dir, 'support/path.yaml'), (s) => s.replace('"Quyền của bạn"', '"Quyền của bạn theo luật mới nhất"'));
    expect(errorOf(dir).message).toMatch(/path\.yaml.*at most 17 characters/);
  });

  it('a phrase of distress that names an unknown set', () => {
    const dir = copy();
    edit(path.join(dir, 'support/distress.yaml'), (s) => s.replace('"@hitter .. @hit @me"', '"@hiter .. @hit @me"'));
    const err = errorOf(dir);
    expect(err.message).toContain('support/distress.yaml');
    expect(err.field).toBe('victim[2]');
    expect(err.message).toContain('unknown set "@hiter"');
  });

  it('a phrase of distress that is only a gap', () => {
    const dir = copy();
    edit(path.join(dir, 'support/distress.yaml'), (s) => s.replace('"đang bị @harm"', '".. bị"'));
    expect(errorOf(dir).message).toMatch(/"\.\." must sit between two words/);
  });
});
