import { sendAuthLinkJob } from './auth.send-link.ts';
import { discoveryPlacesJob } from './discovery.places.ts';
import { discoveryRecoverJob } from './discovery.recover.ts';
import { discoveryScrapeJob } from './discovery.scrape.ts';
import { discoverySearchJob } from './discovery.search.ts';
import { callsTickJob } from './calls.tick.ts';
import { callsWebhookJob } from './calls.webhook.ts';
import { emailWebhookJob } from './email.webhook.ts';
import { emailSandboxRecipientJob } from './email.sandbox-recipient.ts';
import { emailSandboxSweepJob } from './email.sandbox-sweep.ts';
import { healthRefreshJob, healthRefreshWorkspaceJob } from './health.refresh.ts';
import { inboxPollJob } from './inbox.poll.ts';
import { jobsCountJob } from './jobs.count.ts';
import { importLeadsJob } from './leads.import.ts';
import { refreshLeadStatisticsJob } from './leads.refresh-statistics.ts';
import { outreachTickJob } from './outreach.tick.ts';
import { emailDispatchJob } from './email.dispatch.ts';
import { outreachSubmitFormsJob } from './outreach.submit-forms.ts';
import { testProviderKeyJob } from './providers.test-key.ts';
import { heartbeatJob } from './system.heartbeat.ts';
import { pingJob } from './system.ping.ts';
import { pruneHeartbeatsJob } from './system.prune-heartbeats.ts';

/** Every queue of the job contract (`@switchboard/core/jobs`) with its handler; the catalog test checks none is missing. */
export const jobs = [
  heartbeatJob,
  pingJob,
  pruneHeartbeatsJob,
  sendAuthLinkJob,
  testProviderKeyJob,
  discoverySearchJob,
  discoveryPlacesJob,
  discoveryScrapeJob,
  discoveryRecoverJob,
  importLeadsJob,
  refreshLeadStatisticsJob,
  outreachTickJob,
  emailDispatchJob,
  outreachSubmitFormsJob,
  emailWebhookJob,
  emailSandboxRecipientJob,
  emailSandboxSweepJob,
  inboxPollJob,
  callsWebhookJob,
  callsTickJob,
  healthRefreshJob,
  healthRefreshWorkspaceJob,
  jobsCountJob,
] as const;
