import { describe, expect, it } from 'vitest';
import type { Attribution, Touch } from '../../../src/core/types';
import { attribute, isNewCampaign, touchOf } from '../../../src/capture/attribution';

const T = '2026-11-29T10:00:00.000Z';
const SITE = 'https://acme.test';

describe('touchOf: channel', () => {
  it.each([
    // [landing path, referrer, channel]
    ['/', '', 'direct'],
    ['/pricing', 'https://www.google.com/', 'search'],
    ['/', 'https://www.google.co.uk/', 'search'],
    ['/', 'https://www.bing.com/search?q=acme', 'search'],
    ['/', 'https://duckduckgo.com/', 'search'],
    ['/', 'https://search.yahoo.com/', 'search'],
    ['/', 'https://www.baidu.com/', 'search'],
    ['/', 'https://yandex.ru/', 'search'],
    ['/', 'https://www.ecosia.org/', 'search'],
    ['/?utm_medium=organic&utm_source=newsengine', '', 'search'],
    ['/', 'https://l.facebook.com/', 'social'],
    ['/', 'https://t.co/abc', 'social'],
    ['/', 'https://x.com/acme', 'social'],
    ['/', 'https://twitter.com/acme', 'social'],
    ['/', 'https://www.linkedin.com/feed/', 'social'],
    ['/', 'https://l.instagram.com/', 'social'],
    ['/', 'https://out.reddit.com/', 'social'],
    ['/', 'https://www.youtube.com/', 'social'],
    ['/', 'https://www.tiktok.com/', 'social'],
    ['/', 'https://www.pinterest.co.uk/', 'social'],
    ['/?utm_source=linkedin', '', 'social'],
    ['/?fbclid=IwAR123', 'https://m.facebook.com/', 'social'],
    ['/?utm_medium=social&utm_source=mastodon', '', 'social'],
    ['/?utm_medium=email&utm_source=newsletter', '', 'email'],
    ['/?utm_source=newsletter', '', 'email'],
    ['/', 'https://mail.google.com/', 'email'],
    ['/', 'https://outlook.live.com/', 'email'],
    ['/?gclid=abc123', 'https://www.google.com/', 'paid'],
    ['/?msclkid=xyz', '', 'paid'],
    ['/?utm_medium=cpc&utm_source=google', '', 'paid'],
    ['/?utm_medium=ppc', '', 'paid'],
    ['/?utm_medium=paid_social&utm_source=facebook', 'https://facebook.com/', 'paid'],
    ['/?utm_medium=display', '', 'paid'],
    ['/', 'https://news.ycombinator.com/item?id=1', 'referral'],
    ['/', 'https://partner.example/blog/post', 'referral'],
    ['/?utm_source=partner&utm_medium=affiliate', '', 'referral'],
    ['/?utm_campaign=spring', `${SITE}/blog`, 'direct'],
  ])('%s from %s is %s', (path, referrer, channel) => {
    expect(touchOf(SITE + path, referrer, T)?.channel).toBe(channel);
  });
});

describe('touchOf: fields', () => {
  it('reads utm_* and the click id, and cleans landing and referrer', () => {
    const touch = touchOf(
      `${SITE}/pricing?utm_source=Google&utm_medium=cpc&utm_campaign=spring&utm_term=crm&utm_content=ad1&gclid=G1&session=secret`,
      'https://www.google.com/search?q=private+query',
      T,
    );
    expect(touch).toEqual({
      channel: 'paid',
      source: 'Google',
      medium: 'cpc',
      campaign: 'spring',
      term: 'crm',
      content: 'ad1',
      clickId: 'G1',
      time: T,
      landing: `${SITE}/pricing?utm_source=Google&utm_medium=cpc&utm_campaign=spring&utm_term=crm&utm_content=ad1&gclid=G1`,
      referrer: 'https://www.google.com/search',
    });
  });

  it('fills source and medium from an auto-tagged click id', () => {
    expect(touchOf(`${SITE}/?gclid=1`, '', T)).toMatchObject({ source: 'google', medium: 'cpc', clickId: '1' });
    expect(touchOf(`${SITE}/?msclkid=2`, '', T)).toMatchObject({ source: 'bing', medium: 'cpc', clickId: '2' });
    expect(touchOf(`${SITE}/?fbclid=3`, '', T)).toMatchObject({ source: 'facebook', clickId: '3' });
    expect(touchOf(`${SITE}/?fbclid=3`, '', T)?.medium).toBeUndefined();
  });

  it('redacts e-mail addresses and keeps allowlisted parameters', () => {
    const touch = touchOf(`${SITE}/?utm_content=jane@example.com&ref=x&plan=pro`, '', T, undefined, ['plan']);
    expect(JSON.stringify(touch)).not.toContain('jane@example.com');
    expect(touch?.landing).toBe(`${SITE}/?utm_content=[email]&plan=pro`);
  });

  it('returns null for an internal navigation without campaign parameters', () => {
    expect(touchOf(`${SITE}/pricing`, `${SITE}/`, T)).toBeNull();
    expect(touchOf(`${SITE}/pricing`, 'https://www.acme.test/', T)).toBeNull();
    expect(touchOf(`${SITE}/pricing`, 'https://blog.acme.test/post', T)).toBeNull();
    expect(touchOf('https://app.acme.test/', 'https://acme.test/', T, 'acme.test')).toBeNull();
    expect(touchOf(`${SITE}/?utm_source=banner`, `${SITE}/`, T)).not.toBeNull();
    expect(touchOf('not a url', '', T)).toBeNull();
  });

  it('treats another site on a shared host as a referral', () => {
    expect(touchOf('https://a.github.io/', 'https://b.github.io/', T)?.channel).toBe('referral');
  });
});

describe('attribute', () => {
  const touch = (channel: string, campaign?: string): Touch => ({ channel, time: T, ...(campaign && { campaign }) });
  const empty: Attribution = { first: null, last: null };

  it.each<[string, Attribution, Touch | null, Attribution]>([
    ['first visit', empty, touch('search'), { first: touch('search'), last: touch('search') }],
    ['first visit, direct', empty, touch('direct'), { first: touch('direct'), last: touch('direct') }],
    ['campaign after direct', { first: touch('direct'), last: touch('direct') }, touch('email', 'x'), { first: touch('direct'), last: touch('email', 'x') }],
    ['direct return keeps the campaign', { first: touch('search'), last: touch('email', 'x') }, touch('direct'), { first: touch('search'), last: touch('email', 'x') }],
    ['new referral replaces last', { first: touch('search'), last: touch('email', 'x') }, touch('referral'), { first: touch('search'), last: touch('referral') }],
    ['internal navigation', { first: touch('search'), last: touch('social') }, null, { first: touch('search'), last: touch('social') }],
  ])('%s', (_, prev, next, expected) => {
    expect(attribute(prev, next)).toEqual(expected);
  });

  it('returns the same object when nothing changes', () => {
    const prev = { first: touch('search'), last: touch('search') };
    expect(attribute(prev, null)).toBe(prev);
  });
});

describe('isNewCampaign', () => {
  const at = (path: string, referrer = '') => touchOf(SITE + path, referrer, T);
  it.each<[string, Touch | null, Touch | null, boolean]>([
    ['first campaign', null, at('/?utm_source=a&utm_campaign=spring'), true],
    ['same campaign again (reload)', at('/?utm_source=a&utm_campaign=spring'), at('/x?utm_source=a&utm_campaign=spring'), false],
    ['another campaign', at('/?utm_source=a&utm_campaign=spring'), at('/?utm_source=a&utm_campaign=summer'), true],
    ['a new ad click', at('/?gclid=1'), at('/?gclid=2'), true],
    ['a plain referral is not a campaign', at('/?utm_source=a'), at('/', 'https://news.example/'), false],
    ['a direct visit is not a campaign', at('/?utm_source=a'), at('/'), false],
    ['internal navigation', at('/?utm_source=a'), null, false],
  ])('%s', (_, prev, next, expected) => {
    expect(isNewCampaign(prev, next)).toBe(expected);
  });
});
