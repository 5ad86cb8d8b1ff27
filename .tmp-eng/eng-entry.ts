export { evaluate, prepare, initialState } from '../src/stages/engine';
export { defaultModel } from '../src/stages/default-model';
export { uuid7 } from '../src/core/id';
export { isoTime } from '../src/core/time';
