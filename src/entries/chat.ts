export { listenVendors } from '../capture/chat/vendors';
