export { REPLY_KINDS, REPLY_KIND_LABELS, classifyReply, isAutoReply, mailAddressOf, referencedMessageIds, type IncomingReply, type ReplyKind } from './classify.ts';
export { bounceKind, type BounceKind } from './bounce.ts';
