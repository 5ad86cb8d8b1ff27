import type { Attribution, Touch } from '../core/types';
import { cleanUrl, redactEmails } from '../core/privacy';

// Host patterns; `TLD` allows google.com, google.co.uk, yandex.ru and the like.
const TLD = '\\.[a-z]{2,3}(\\.[a-z]{2})?$';
const SEARCH = new RegExp('(^|\\.)(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia)' + TLD);
const SOCIAL = new RegExp(
  '(^|\\.)(facebook|instagram|linkedin|reddit|youtube|tiktok|pinterest|twitter)' + TLD +
    '|^(www\\.)?(t\\.co|x\\.com|fb\\.com|lnkd\\.in|youtu\\.be)$',
);
// Webmail before search: mail.google.com and mail.yahoo.com are e-mail, not search.
const WEBMAIL = /^(mail|webmail|outlook)\./;
const PAID = /^(cpc|ppc|paid.*|display|cpm|banner|retargeting)$/;
const UTM = ['source', 'medium', 'campaign', 'term', 'content'] as const;

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
};

// Same site: one host is the other or a subdomain of it (blog.acme.com and acme.com).
const sameSite = (a: string, b: string) => a == b || a.endsWith('.' + b) || b.endsWith('.' + a);

/**
 * The touch a landing URL and its referrer make: utm_* parameters, the click id (gclid, msclkid,
 * fbclid) and the channel (direct | search | social | email | paid | referral). `null` for an
 * internal navigation (a same-site referrer and no campaign parameters), so that clicks within the
 * site never replace the last touch. Pure: every input is an argument. `allow`: query parameters
 * to keep in `landing` and `referrer` besides the campaign ones.
 */
export function touchOf(
  url: string,
  referrer: string,
  time: string,
  ownHost?: string,
  allow: readonly string[] = [],
): Touch | null {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return null;
  }
  const touch: Touch = { channel: 'direct', time, landing: cleanUrl(url, allow) };
  for (const key of UTM) {
    const value = query.get('utm_' + key);
    if (value) touch[key] = redactEmails(value);
  }
  const gclid = query.get('gclid');
  const msclkid = query.get('msclkid');
  const clickId = gclid || msclkid || query.get('fbclid');
  if (clickId) {
    touch.clickId = clickId;
    // As Google Ads and Microsoft Ads auto-tagging imply: google / cpc, bing / cpc.
    touch.source ||= gclid ? 'google' : msclkid ? 'bing' : 'facebook';
    if (gclid || msclkid) touch.medium ||= 'cpc';
  }
  const campaign = UTM.some((key) => touch[key]) || !!clickId;
  const host = hostOf(referrer);
  const internal = !host || sameSite(host, (ownHost || hostOf(url)).replace(/^www\./, ''));
  if (internal && host && !campaign) return null;
  if (!internal) touch.referrer = cleanUrl(referrer, allow);

  const medium = (touch.medium || '').toLowerCase();
  const source = (touch.source || '').toLowerCase();
  // utm_source may be a bare name ("facebook") or a host ("facebook.com")
  const from = (re: RegExp) => re.test(host) || re.test(source) || re.test(source + '.com');
  touch.channel =
    PAID.test(medium) || gclid || msclkid
      ? 'paid'
      : /^e-?mail|newsletter/.test(medium || source) || WEBMAIL.test(host)
        ? 'email'
        : /social|^sm$/.test(medium) || from(SOCIAL)
          ? 'social'
          : medium == 'organic' || from(SEARCH)
            ? 'search'
            : !internal || medium || source
              ? 'referral'
              : 'direct';
  return touch;
}

/**
 * Folds a touch into the attribution: the first touch is kept forever; the last touch is replaced
 * by any touch that is not direct (a direct return does not erase a campaign), or set when there
 * is none. A null touch (internal navigation) changes nothing and returns `prev` itself.
 */
export const attribute = (prev: Attribution, touch: Touch | null): Attribution =>
  touch
    ? { first: prev.first || touch, last: !prev.last || touch.channel != 'direct' ? touch : prev.last }
    : prev;

const campaignOf = (touch: Touch | null) =>
  touch ? [touch.source, touch.medium, touch.campaign, touch.term, touch.content, touch.clickId].join('|') : '';

/**
 * Whether a touch comes from a new campaign (SPEC: it starts a new session): it carries campaign
 * parameters or a click id, and they differ from the previous last touch's. A plain referral or
 * a direct visit is never a new campaign.
 */
export function isNewCampaign(prevLast: Touch | null, touch: Touch | null): boolean {
  const key = campaignOf(touch);
  return !!key && key != '|||||' && key != campaignOf(prevLast);
}
