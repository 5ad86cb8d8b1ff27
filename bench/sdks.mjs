/**
 * The SDKs the benchmark compares, one entry each:
 * - `scriptTag`: the browser bundle file the package ships for a <script> tag (bytes only), or why
 *   there is none in the package;
 * - `app`: a minimal app, bundled with tree-shaking like a user's build. It sets
 *   `window.benchApp.init(collector, options)`, which starts the SDK against the local collector and
 *   resolves, once the SDK says it is ready, to a `track(name, props)` function. Peers run from this
 *   bundle; waymark runs from its script-tag build (`iife`), the way its users load it;
 * - `events(body)`: the `seq` numbers of the events one request carries, from that SDK's wire format.
 *
 * Every SDK is configured to do what `track()` asks and nothing else: autocapture, page views,
 * recordings, surveys and remote configuration off, so no request leaves 127.0.0.1. Everything else
 * is left as shipped (queue sizes, batching, rate limits, storage), because that is what users get.
 */
import { Buffer } from 'node:buffer';
import { gunzipSync } from 'node:zlib';

/** Every tracked event carries `seq` (0…n-1): the collector counts distinct ones per SDK. */
/** A minimal app around bench/floor.js, with `options` added to its own. */
const floorApp = (options) => `
  import { createFloor } from './floor.js';
  window.benchApp = {
    init(collector) {
      const floor = createFloor({ endpoint: collector + '/floor'${options} });
      return (name, props) => floor.track(name, props);
    },
  };`;

export const EVENT = 'bench_event';

const CAPTURE_OFF = { pageViews: false, ctas: false, chat: false, forms: false, formAbandon: false, rageClicks: false, vitals: false };

// RudderStack's v3 SDK fetches this from its control plane unless the load options give it.
const RUDDER_SOURCE = {
  source: {
    id: 'bench',
    name: 'bench',
    workspaceId: 'bench',
    enabled: true,
    config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
    destinations: [],
  },
};

const list = (value) => (Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : []);
const seqs = (events, props) => list(events).map((e) => props(e)?.seq).filter((n) => typeof n === 'number');

/** Snowplow's self-describing events travel as a JSON string (`ue_pr`) or its base64 (`ue_px`). */
const snowplowProps = (e) => {
  try {
    const text = e.ue_pr ?? (e.ue_px ? Buffer.from(e.ue_px, 'base64url').toString('utf8') : undefined);
    return text ? JSON.parse(text).data?.data : undefined;
  } catch {
    return undefined;
  }
};

export const SDKS = [
  {
    id: 'waymark',
    name: 'waymark',
    pkg: 'waymark',
    scriptTag: 'dist/waymark.iife.js',
    // users load the script-tag build; the config turns autocapture off so only track() runs
    iife: { file: 'waymark.iife.js', path: '/collect', config: { capture: CAPTURE_OFF } },
    app: `
      import { createJourney } from 'waymark';
      window.benchApp = {
        init(collector) {
          const journey = createJourney({ endpoint: collector + '/collect', site: 'bench', capture: ${JSON.stringify(CAPTURE_OFF)} });
          return (name, props) => journey.track(name, props);
        },
      };`,
    events: (body) => seqs(body?.events, (e) => e.props),
  },
  {
    id: 'waymark-cdn',
    name: 'waymark from a CDN (another origin)',
    pkg: 'waymark',
    // the same build as the row above, served from another origin, as most sites load a tag
    sameBundleAs: 'waymark',
    iife: { file: 'waymark.iife.js', path: '/collect', config: { capture: CAPTURE_OFF }, cdn: true },
    events: (body) => seqs(body?.events, (e) => e.props),
  },
  {
    id: 'floor',
    name: 'floor (reference)',
    pkg: null,
    scriptTag: null,
    noScriptTag: 'bench/floor.js, bundled as an app',
    app: floorApp(''),
    events: (body) => seqs(body?.events, (e) => e.props),
  },
  {
    id: 'floor-wire',
    name: 'floor, waymark\'s wire format (reference)',
    pkg: null,
    scriptTag: null,
    noScriptTag: 'bench/floor.js with wire: true, bundled as an app',
    app: floorApp(', wire: true'),
    events: (body) => seqs(body?.events, (e) => e.props),
  },
  {
    id: 'posthog',
    name: 'PostHog',
    pkg: 'posthog-js',
    // what PostHog's snippet loads (/static/array.js)
    scriptTag: 'dist/array.js',
    app: `
      import posthog from 'posthog-js';
      window.benchApp = {
        init: (collector, options) =>
          new Promise((resolve) => {
            posthog.init('phc_bench', {
              api_host: collector,
              autocapture: false,
              capture_pageview: false,
              capture_pageleave: false,
              capture_dead_clicks: false,
              capture_exceptions: false,
              capture_heatmaps: false,
              capture_performance: false,
              disable_session_recording: true,
              disable_surveys: true,
              disable_product_tours: true,
              disable_conversations: true,
              // no /flags and no remote config (both come from PostHog's servers)
              advanced_disable_flags: true,
              disable_external_dependency_loading: true,
              // plain JSON on the wire, so the collector can count it without gunzip
              disable_compression: true,
              ...options,
              loaded: () => resolve((name, props) => posthog.capture(name, props)),
            });
          }),
      };`,
    events: (body) => seqs(body?.batch ?? body, (e) => e.properties),
  },
  {
    id: 'posthog-unlimited',
    name: 'PostHog (rate limit raised)',
    pkg: 'posthog-js',
    // the same bundle as the row above; only the client-side rate limit differs
    sameBundleAs: 'posthog',
    options: { rate_limiting: { events_per_second: 1_000_000, events_burst_limit: 1_000_000 } },
    events: (body) => seqs(body?.batch ?? body, (e) => e.properties),
  },
  {
    id: 'segment',
    name: 'Segment',
    pkg: '@segment/analytics-next',
    // what Segment's snippet loads (analytics.min.js)
    scriptTag: 'dist/umd/standalone.js',
    app: `
      import { AnalyticsBrowser } from '@segment/analytics-next';
      window.benchApp = {
        async init(collector) {
          const [analytics] = await AnalyticsBrowser.load(
            {
              writeKey: 'bench',
              // the settings Segment would otherwise fetch from its CDN
              cdnSettings: { integrations: { 'Segment.io': { apiKey: 'bench', apiHost: collector.replace(/^http:\\/\\//, '') + '/v1', protocol: 'http' } } },
            },
            { initialPageview: false },
          );
          return (name, props) => analytics.track(name, props);
        },
      };`,
    // one event per request by default (/v1/t); { batch: [...] } with the batching delivery strategy
    events: (body) => seqs(body?.batch ?? body, (e) => e.properties),
  },
  {
    id: 'rudderstack',
    name: 'RudderStack',
    pkg: '@rudderstack/analytics-js',
    scriptTag: null,
    noScriptTag: 'the CDN build (rsa.min.js) is not in the npm package',
    app: `
      // the lite build bundles its plugins: the default entry fetches them from RudderStack's CDN
      import { RudderAnalytics } from '@rudderstack/analytics-js/lite';
      const source = ${JSON.stringify(RUDDER_SOURCE)};
      window.benchApp = {
        init: (collector) =>
          new Promise((resolve) => {
            const rudder = new RudderAnalytics();
            rudder.load('bench', collector, {
              getSourceConfig: () => source,
              logLevel: 'NONE',
              onLoaded: () => resolve((name, props) => rudder.track(name, props)),
            });
          }),
      };`,
    events: (body) => seqs(body?.batch ?? body, (e) => e.properties),
  },
  {
    id: 'snowplow',
    name: 'Snowplow',
    pkg: '@snowplow/browser-tracker',
    scriptTag: 'dist/index.umd.min.js',
    app: `
      import { newTracker, trackSelfDescribingEvent } from '@snowplow/browser-tracker';
      window.benchApp = {
        init(collector) {
          newTracker('sp', collector, { appId: 'bench', platform: 'web' });
          // Snowplow has no track(name, props): a self-describing event is its custom event
          return (name, props) => trackSelfDescribingEvent({ event: { schema: 'iglu:com.example/' + name + '/jsonschema/1-0-0', data: props } });
        },
      };`,
    events: (body) => seqs(body?.data, snowplowProps),
  },
  {
    id: 'amplitude',
    name: 'Amplitude',
    pkg: '@amplitude/analytics-browser',
    scriptTag: 'lib/scripts/amplitude-min.js',
    app: `
      import { init, track } from '@amplitude/analytics-browser';
      window.benchApp = {
        async init(collector) {
          await init('bench', {
            serverUrl: collector + '/2/httpapi',
            autocapture: false,
            fetchRemoteConfig: false,
            remoteConfig: { fetchRemoteConfig: false },
            enableDiagnostics: false,
            logLevel: 0,
          }).promise;
          return (name, props) => track(name, props);
        },
      };`,
    events: (body) => seqs(body?.events, (e) => e.event_properties),
  },
  {
    id: 'mixpanel',
    name: 'Mixpanel',
    pkg: 'mixpanel-browser',
    scriptTag: 'dist/mixpanel.min.js',
    app: `
      import mixpanel from 'mixpanel-browser';
      window.benchApp = {
        init: (collector) =>
          new Promise((resolve) => {
            mixpanel.init('bench', {
              api_host: collector,
              // JSON instead of base64 on the wire
              api_payload_format: 'json',
              track_pageview: false,
              autocapture: false,
              loaded: () => resolve((name, props) => mixpanel.track(name, props)),
            });
          }),
      };`,
    events: (body) => seqs(body, (e) => e.properties),
  },
  {
    id: 'plausible',
    name: 'Plausible',
    pkg: '@plausible-analytics/tracker',
    scriptTag: null,
    noScriptTag: 'the script-tag build is served by plausible.io, not in the npm package',
    app: `
      import { init, track } from '@plausible-analytics/tracker';
      window.benchApp = {
        init(collector) {
          // captureOnLocalhost: the page is served from 127.0.0.1, which Plausible ignores otherwise
          init({ domain: 'bench.test', endpoint: collector + '/api/event', autoCapturePageviews: false, captureOnLocalhost: true, logging: false });
          return (name, props) => track(name, { props });
        },
      };`,
    // one event per request: { n, u, d, p: props }
    events: (body) => seqs(body, (e) => (typeof e.p === 'string' ? JSON.parse(e.p) : e.p)),
  },
];

/**
 * Reads a request body whatever the SDK made of it: gzip, a form with a `data=` field (Mixpanel,
 * older PostHog), base64 or plain JSON. Returns undefined for a body that is none of these.
 */
export function decodeBody(buffer, contentType = '') {
  let bytes = buffer;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  let text = bytes.toString('utf8');
  if (contentType.includes('x-www-form-urlencoded') || /^data=/.test(text)) text = new URLSearchParams(text).get('data') ?? text;
  for (const candidate of [text, Buffer.from(text, 'base64').toString('utf8')]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // not this one
    }
  }
  return undefined;
}
