export { REPLY_KINDS, classifyReply, isAutoReply, mailAddressOf, referencedMessageIds, type IncomingReply, type ReplyKind } from './classify.ts';
export { bounceKind, type BounceKind } from './bounce.ts';
