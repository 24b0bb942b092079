export { EVENTS_CHANNEL } from './channel.ts';
export { createPublisher, type Publish } from './publish.ts';
export { listenEvents, type EventSubscription } from './listen.ts';
