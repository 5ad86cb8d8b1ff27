/** The captures that can start a moment after the page: loaded by the script-tag build at once, beside it. */
export { captureChat } from '../capture/chat';
export { captureFormAbandon } from '../capture/form-abandon';
export { captureRageClicks } from '../capture/frustration';
