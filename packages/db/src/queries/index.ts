export { getDatabaseInfo, getSystemConfig, setSystemConfigValue, type DatabaseInfo } from './system.ts';
export {
  recordHeartbeat,
  listRecentHeartbeats,
  deleteHeartbeatsOlderThan,
  type WorkerHeartbeat,
  type HeartbeatInput,
} from './worker-heartbeats.ts';
export { createWorkspace, getWorkspace, updateWorkspace, countWorkspaces, availableSlug, type Workspace } from './workspaces.ts';
export {
  findUserByEmail,
  findUserById,
  upsertUser,
  setPasswordHash,
  recordSignIn,
  listMemberships,
  addMember,
  isInstanceOwner,
  listInstanceOwnerEmails,
  claimInstanceOwnership,
  type User,
  type UserWithPassword,
  type Membership,
} from './users.ts';
export { allowlistEntriesFor, listAllowlist, addAllowlistEntry, removeAllowlistEntry, type StoredAllowlistEntry } from './allowlist.ts';
export { listMembers, findMember, setMemberRole, removeMember, countAdminsForUpdate, type Member } from './members.ts';
export {
  createSession,
  findSession,
  findSessions,
  touchSession,
  switchSessionWorkspace,
  revokeSession,
  revokeUserSessions,
  type SessionRecord,
} from './sessions.ts';
export { createOneTimeLink, consumeOneTimeLink, type LinkPurpose } from './one-time-links.ts';
export {
  recordSignInAttempt,
  recentSignInFailures,
  markSignInAttemptSucceeded,
  forgetSignInAttempt,
  lockSignInAttempts,
} from './sign-in-attempts.ts';
export { lockForTransaction } from './advisory-locks.ts';
export { appendAudit, listAudit, countRecentActions, type AuditEntry, type AuditEntryInput, type AuditFilter, type AuditScope } from './audit-log.ts';
export {
  claimEmailDelivery,
  markEmailSent,
  markEmailFailed,
  type DeliveryClaim,
  type EmailProviderName,
} from './email-deliveries.ts';
export {
  storeEmailWebhookEvent,
  forgetEmailWebhookEvent,
  findEmailWebhookEvent,
  lockEmailWebhookEvent,
  markEmailWebhookEventProcessed,
  type EmailWebhookEvent,
  type EmailWebhookProvider,
} from './email-webhook-events.ts';
export {
  insertOutboxEmail,
  listOutboxForAdmin,
  findOutboxSecretLink,
  findOutboxEmail,
  listCampaignOutbox,
  type OutboxEmail,
  type OutboxEmailDetail,
  type CampaignOutboxEmail,
} from './sandbox-outbox.ts';
export {
  createApiToken,
  listApiTokens,
  revokeApiToken,
  findApiTokenGrant,
  touchApiToken,
  type ApiToken,
  type ApiTokenGrant,
} from './api-tokens.ts';
export { saveProviderKey, listProviderKeys, recordProviderKeyTest, readSealedProviderKey, deleteProviderKey, type StoredProviderKey } from './provider-keys.ts';
export {
  EXACT_LEAD_COUNT_UP_TO,
  REVIEW_EVIDENCE_PER_LEAD,
  estimateLeadCount,
  listLeadEvidence,
  listLeadTableRows,
  listReviewLeads,
  queueImportedLeadsForReview,
  type LeadCount,
  type LeadEvidence,
  type LeadTableRow,
  type ReviewContact,
  type ReviewLeadRow,
  type ReviewSource,
} from './lead-views.ts';
export {
  createCampaign,
  getCampaign,
  listCampaigns,
  listCampaignNames,
  updateCampaign,
  setCampaignStatus,
  type Campaign,
  type CampaignSummary,
  type CampaignPatch,
} from './campaigns.ts';
export {
  LEAD_SORTS,
  getLead,
  listLeads,
  countLeads,
  exportLeads,
  transitionLeads,
  type LeadRow,
  type LeadDetail,
  type LeadContact,
  type LeadSource,
  type PossibleDuplicateOf,
  type LeadFilter,
  type LeadSort,
  type LeadPage,
  type LeadTransitionInput,
  type LeadTransitionResult,
} from './leads.ts';
export {
  MERGE_CHUNK_SIZE,
  mergeLeadCandidates,
  rescoreLeads,
  rescoreCampaignLeads,
  type LeadMergeOutcome,
  type MergedLead,
  type MergeLeadCandidatesInput,
  type MergeLeadCandidatesResult,
} from './lead-merge/index.ts';
export {
  DISCOVERY_RUN_STATUSES,
  DISCOVERY_TASK_KINDS,
  DISCOVERY_TASK_STATUSES,
  STALE_DISCOVERY_TASK_MS,
  createDiscoveryRun,
  getDiscoveryRun,
  listDiscoveryRuns,
  discoveryProgress,
  claimDiscoveryTask,
  finishDiscoveryTask,
  addDiscoveryTasks,
  recordDiscoveryRunProblem,
  pendingDiscoveryTaskIds,
  setDiscoveryRunStatus,
  resumableTasks,
  saveSearchResults,
  getDiscoveryTask,
  type DiscoveryRun,
  type DiscoveryTask,
  type DiscoveryRunStatus,
  type DiscoveryTaskKind,
  type DiscoveryTaskStatus,
  type NewDiscoveryTask,
  type DiscoveryProgress,
  type ClaimedDiscoveryTask,
  type DiscoveryTaskOutcome,
  type FinishedDiscoveryTask,
} from './discovery-runs.ts';
export { reserveUsage, markUsageExhausted, usageFor, type UsageWindowKey } from './usage-windows.ts';
export { queueLeadsForReview, queueRunLeadsForReview, markLeadWebsiteUnreachable } from './discovery-review.ts';
export { strandedDiscoveryTasks, type StrandedDiscoveryTask } from './discovery-recovery.ts';
export {
  LEAD_IMPORT_STATUSES,
  appendLeadImportChunk,
  beginLeadImportUpload,
  claimLeadImport,
  discardLeadImportUpload,
  failLeadImport,
  findLeadImport,
  finishLeadImport,
  finishLeadImportUpload,
  listLeadImportRejections,
  listLeadImports,
  markLeadImportStaged,
  nextStagedLeadCandidates,
  queueLeadImport,
  readLeadImportChunks,
  readLeadImportHead,
  recordLeadImportChunk,
  recordLeadImportRowsRead,
  stageLeadImportRows,
  type LeadImport,
  type LeadImportChunkOutcome,
  type LeadImportReportDuplicate,
  type LeadImportReportMerge,
  type LeadImportStatus,
  type StagedLeadRow,
} from './lead-imports.ts';
export { findAiWriting, saveAiWriting, type StoredAiWriting } from './ai-writings.ts';
export * from './outreach/index.ts';
export {
  SUPPRESSION_SORTS,
  addSuppression,
  countSuppressions,
  importSuppressions,
  listSuppressions,
  removeSuppression,
  suppressedAddresses,
  type NewSuppression,
  type Suppression,
  type SuppressionListQuery,
  type SuppressionSort,
} from './suppressions.ts';
export {
  createMailbox,
  getMailbox,
  listMailboxes,
  updateMailbox,
  setMailboxStatus,
  listCampaignMailboxes,
  setCampaignMailboxes,
  mailboxSendOutcomes,
  type Mailbox,
  type MailboxWithUsage,
  type MailboxSettings,
  type CampaignMailbox,
} from './mailboxes.ts';
export {
  MAILBOX_WINDOWS_MS,
  reserveMailboxSlot,
  reserveMailboxSlots,
  releaseMailboxSlot,
  releaseUnsentMailboxSlots,
  pruneMailboxSendSlots,
  type MailboxSlotReservation,
  type MailboxWindow,
} from './mailbox-slots.ts';
export { addLeadMessage, listLeadMessages, type LeadMessage, type NewLeadMessage } from './lead-messages.ts';
export {
  setMailboxImap,
  clearMailboxImap,
  listMailboxesToPoll,
  recordImapCheck,
  advanceImapCursor,
  claimInboundMessage,
  setInboundMessageOutcome,
  type MailboxImapSettings,
  type MailboxToPoll,
} from './mailbox-imap.ts';
export {
  createCalls,
  findCall,
  findCallForWebhook,
  claimCallsToDial,
  countLiveCalls,
  markCallPlaced,
  moveCall,
  recordCallReport,
  type PlannedCall,
  type CallRow,
  type CallCaps,
  type CallClaim,
} from './calls.ts';
export {
  storeCallWebhookEvent,
  forgetCallWebhookEvent,
  findCallWebhookEvent,
  findCallWebhookEventByKey,
  lockCallWebhookEvent,
  markCallWebhookEventProcessed,
  type CallWebhookEvent,
} from './call-webhook-events.ts';
export {
  callGroupsDue,
  callDialTargets,
  requeueCall,
  noteCallInDoubt,
  campaignCallRetryPolicy,
  setCampaignCallSettings,
  queueNextCallAttempt,
  staleLiveCalls,
  touchCall,
  type CallDialTarget,
  type StaleCall,
} from './call-scheduling.ts';
