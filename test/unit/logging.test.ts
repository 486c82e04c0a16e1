import request from 'supertest';
import { buildRuntime } from '../../src/compose';
import { TestChat } from '../helpers/chat';
import { makeBot } from '../helpers/bot';
import { captureLogger, realContent, testConfig } from '../helpers/env';

const SECRET_TEXT = 'Chồng tôi đánh tôi tối qua, tôi tên Nguyễn Thị Hoa ở tổ 5';
const USER_ID = '6123456789012345';

describe('the log never holds what a resident wrote or who they are', () => {
  it('keeps message text and user ids out of the log, even at trace level and when a turn fails', async () => {
    const { logger, output } = captureLogger('trace');
    const tb = makeBot({ logger });
    try {
      const chat = new TestChat(tb.bot, USER_ID);
      await chat.say('GET_STARTED');
      await chat.say(SECRET_TEXT);
      // Force a failing turn: the error path logs too. Words of distress open the support path,
      // which answers a question (and only a question) from the search: leave the path, then ask.
      const broken = tb.bot.index;
      const original = broken.search.bind(broken);
      broken.search = () => {
        throw new Error(`search failed on "${SECRET_TEXT}"`);
      };
      await chat.say('x');
      await chat.say(`${SECRET_TEXT}, tôi báo ai?`);
      broken.search = original;
      const log = output();
      expect(log).toContain('turn failed');
      expect(log).not.toContain('Nguyễn');
      expect(log).not.toContain('đánh tôi');
      expect(log).not.toContain(USER_ID);
    } finally {
      await tb.close();
    }
  });

  it('does not echo a malformed body into the log', async () => {
    const { logger, output } = captureLogger('trace');
    const rt = await buildRuntime(testConfig(), logger, { content: realContent() });
    try {
      await request(rt.app).post('/api/messages').set('content-type', 'application/json').send(`{"text": "${SECRET_TEXT}", `);
      expect(output()).toContain('malformed JSON body');
      expect(output()).not.toContain('Nguyễn');
    } finally {
      await rt.close();
    }
  });

  it('redacts sensitive fields if code ever passes them', () => {
    const { logger, output } = captureLogger('info');
    logger.info({ text: SECRET_TEXT, userId: USER_ID, event: { sender: { id: USER_ID }, message: { text: SECRET_TEXT } }, token: 'EAAG-secret' }, 'oops');
    expect(output()).not.toContain('Nguyễn');
    expect(output()).not.toContain(USER_ID);
    expect(output()).not.toContain('EAAG-secret');
    expect(output()).toContain('[redacted]');
  });
});
