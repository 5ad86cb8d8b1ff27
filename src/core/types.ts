/** A JSON value: what props, traits and rules may hold once cleaned. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Free-form properties of a touchpoint, cleaned to JSON before they are queued. */
export type Props = Record<string, Json>;

/** Every kind of touchpoint waymark records (SPEC.md, Touchpoints). */
export type TouchpointType =
  | 'page_view'
  | 'cta_click'
  | 'chat_open'
  | 'form_submit'
  | 'web_vital'
  | 'rage_click'
  | 'form_abandon'
  | 'stage_change'
  | 'survey_shown'
  | 'survey_response'
  | 'survey_dismissed'
  | 'identify'
  | 'custom';

/** The page an event happened on, with its URL already cleaned (core/privacy). */
export interface Page {
  url: string;
  path: string;
  title: string;
  referrer: string;
}

/** Campaign and channel of a visit (capture/attribution). */
export interface Touch {
  channel: string;
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
  clickId?: string;
  referrer?: string;
  landing?: string;
  time: string;
}

export interface Attribution {
  first: Touch | null;
  last: Touch | null;
}

export interface EventContext {
  attribution?: Attribution;
  locale?: string;
  gpc: boolean;
  dnt: boolean;
  [key: string]: unknown;
}

/** One event as it is queued and sent (SPEC.md, Wire format). */
export interface WaymarkEvent {
  id: string;
  type: TouchpointType;
  name: string;
  time: string;
  anonymousId: string;
  userId: string | null;
  sessionId: string;
  stage: string | null;
  page: Page;
  props: Props;
  context: EventContext;
}

/** What a capture module hands to the journey: the journey adds ids, time, page and context. */
export interface Touchpoint {
  type: TouchpointType;
  name: string;
  props: Props;
}

/** The callback every capture module is given: `captureX(emit, options) => stop`. */
export type Emit = (type: TouchpointType, name: string, props?: Props) => void;

/** What every capture module returns: removes its listeners and timers. */
export type Stop = () => void;

export type Consent = 'granted' | 'pending' | 'denied';
