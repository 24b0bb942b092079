export { SYSTEM_ROOM, workspaceRoom, roomFor, type EventTopics, type EventTopic, type LiveEvent } from './topics.ts';
export { encodeEvent, decodeEvent, MAX_EVENT_PAYLOAD_BYTES } from './encode.ts';
