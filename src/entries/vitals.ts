export { captureVitals } from '../capture/vitals';
