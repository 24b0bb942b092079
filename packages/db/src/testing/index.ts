export { createTemplateDatabase, cloneDatabase, dropDatabasesWithPrefix, type TestDatabase } from './template.ts';
export { createRecordingSql, explainAnalyze, keyPlanLines, planOfCall, type RecordedStatement } from './explain.ts';
export { seedManyLeads } from './seed-leads.ts';
export { TEST_MAILBOX_SETTINGS } from './mailboxes.ts';
export { seedSentEmails, type SeededEmail } from './sent-emails.ts';
export { seedQueuedCalls, type SeededCalls } from './calls.ts';
export { seedLeadHealth, type SeededLeadHealth } from './lead-health.ts';
export { seedEngagedLeads } from './engaged-leads.ts';
export { countOutreachAnalyticsLive } from './analytics-live.ts';
