import { describe, expect, it } from 'vitest';
import { cleanUrl, redactEmails } from '../../../src/core/privacy';
import { privacySignals } from '../../../src/core/privacy-signals';

describe('cleanUrl', () => {
  it.each([
    ['https://a.test/p?utm_source=x&token=secret&gclid=1', 'https://a.test/p?utm_source=x&gclid=1'],
    ['https://a.test/p?email=jo%40mail.com&utm_medium=cpc#top', 'https://a.test/p?utm_medium=cpc#top'],
    ['https://a.test/users/jo@mail.com/edit', 'https://a.test/users/[email]/edit'],
    ['https://a.test/?fbclid=f&msclkid=m&UTM_Campaign=c', 'https://a.test/?fbclid=f&msclkid=m&UTM_Campaign=c'],
    ['https://user:pw@a.test/', 'https://a.test/'],
    ['not a url', ''],
    ['', ''],
  ])('%s → %s', (raw, clean) => {
    expect(cleanUrl(raw)).toBe(clean);
  });

  it('keeps the parameters of the allowlist', () => {
    expect(cleanUrl('https://a.test/?plan=pro&q=secret', ['plan'])).toBe('https://a.test/?plan=pro');
  });

  it('resolves relative URLs against a base', () => {
    expect(cleanUrl('/demo?x=1', [], 'https://a.test/')).toBe('https://a.test/demo');
  });

  it('redacts e-mail addresses in text, encoded or not', () => {
    expect(redactEmails('mail jo.doe+x@acme.co.uk or a%40b.io')).toBe('mail [email] or [email]');
  });
});

describe('privacySignals', () => {
  it('reads Global Privacy Control and Do Not Track', () => {
    expect(privacySignals({ globalPrivacyControl: true, doNotTrack: '1' })).toEqual({ gpc: true, dnt: true });
    expect(privacySignals({ doNotTrack: 'unspecified' })).toEqual({ gpc: false, dnt: false });
  });
});
