export { captureFormAbandon } from '../capture/form-abandon';
export { captureRageClicks } from '../capture/frustration';
