export { createJourney } from './journey';
export type { Journey, JourneyEvents, StageChange, Config } from './journey';
export type { WaymarkEvent, Touchpoint, TouchpointType, Props, Json, Page, Consent, Attribution, Touch } from './core/types';
