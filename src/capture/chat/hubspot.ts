import type { Stop } from '../../core/types';
import { whenGlobal } from '../../lib/whenGlobal';

const EVENT = 'userInteractedWithWidget';

// https://developers.hubspot.com/docs/api-reference/conversations-chat-configuration/chat-widget-sdk
/**
 * HubSpot documents no "widget opened" event (its events: conversationStarted, conversationClosed,
 * userSelectedThread, contactAssociated, userInteractedWithWidget, widgetLoaded, widgetClosed,
 * quickReplyButtonClick). `userInteractedWithWidget`, sent when the visitor first opens or uses
 * the widget, is the nearest: so one opening per page load. Subscribed through
 * `hsConversationsOnReady` (runs when the API initialises, even after our polling gave up) and by
 * waiting for `HubSpotConversations` (in case the page replaces that array); stop calls `off`.
 */
export function hubspot(opened: () => void): Stop {
  const w = window as any;
  let api: any;
  const ready = () => {
    if (!api && w.HubSpotConversations) (api = w.HubSpotConversations).on(EVENT, opened);
  };
  if (!w.HubSpotConversations) (w.hsConversationsOnReady = w.hsConversationsOnReady || []).push(ready);
  const cancel = whenGlobal('HubSpotConversations', ready);
  return () => {
    cancel();
    api?.off(EVENT, opened);
  };
}
