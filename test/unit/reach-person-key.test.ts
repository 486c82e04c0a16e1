import { createHash, createHmac } from 'node:crypto';
import { Pseudonymizer } from '../../src/privacy/crypto';
import { FIRST_CAMPAIGN_YEAR, ReachPersonKeys, reachChannel } from '../../src/reach/person-key';

const area = { timezone: 'Asia/Ho_Chi_Minh', campaignYear: { startMonth: 1 } };
const keys = (secret = 'reach-test-secret-0123456789') => new ReachPersonKeys(new Pseudonymizer(secret), area);
const USER = '2458193847561230987';

describe('reach pseudonyms', () => {
  it('are stable for one person all year, different per channel and per campaign year', () => {
    const k = keys();
    const a = k.keyAt('zalo', USER, new Date('2026-01-01T00:00:00+07:00'));
    const b = k.keyAt('zalo', USER, new Date('2026-12-31T23:30:00+07:00'));
    expect(a.person).toBe(b.person);
    expect(b.day).toBe('2026-12-31');
    expect(keys().key('zalo', USER, 2026)).toBe(a.person); // the same in another process
    expect(k.key('messenger', USER, 2026)).not.toBe(a.person);
    expect(k.key('zalo', `${USER}1`, 2026)).not.toBe(a.person);
    const nextYear = k.keyAt('zalo', USER, new Date('2027-01-01T00:30:00+07:00'));
    expect(nextYear.day).toBe('2027-01-01');
    expect(nextYear.person).not.toBe(a.person);
  });

  it('are useless without the secret: another secret, or the obvious hashes of the id, give something else', () => {
    const p = keys().key('zalo', USER, 2026);
    expect(p).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p).not.toContain(USER);
    expect(keys('another-secret-0123456789').key('zalo', USER, 2026)).not.toBe(p);
    const guesses = [USER, `zalo${USER}`, `zalo\u0000${USER}`, `zalo:${USER}`].flatMap((v) => [
      createHash('sha256').update(v).digest('base64url'),
      createHmac('sha256', '').update(v).digest('base64url'),
      createHmac('sha256', 'reach-year:2026').update(v).digest('base64url'),
    ]);
    expect(guesses).not.toContain(p);
    // Not the state-key pseudonym of the same person either: purposes never meet.
    expect(new Pseudonymizer('reach-test-secret-0123456789').pseudonym('state-key', `zalo/users/${USER}/`)).not.toBe(p);
  });

  it('lists every year a person may have keys in, for "delete my data"', () => {
    const all = keys().allKeys('zalo', USER, new Date('2027-03-01T12:00:00+07:00'));
    expect(all).toHaveLength(2027 - FIRST_CAMPAIGN_YEAR + 1);
    expect(all).toContain(keys().key('zalo', USER, 2026));
    expect(all).toContain(keys().key('zalo', USER, 2027));
  });

  it('names channels by short lowercase ids', () => {
    expect(reachChannel('Zalo')).toBe('zalo');
    expect(reachChannel('messenger')).toBe('messenger');
    expect(reachChannel('weird channel!')).toBe('other');
    expect(reachChannel(undefined)).toBe('other');
  });
});
