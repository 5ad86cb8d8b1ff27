export { createJourney } from './entries/npm';
export type { Journey, JourneyEvents, JourneyDeps, StageChange, Config } from './journey';
export type { WaymarkEvent, Touchpoint, TouchpointType, Props, Json, Page, Consent, Attribution, Touch } from './core/types';
