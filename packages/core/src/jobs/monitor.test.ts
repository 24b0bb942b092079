import { describe, expect, it } from 'vitest';
import { QUEUE_NAMES } from './catalog.ts';
import { JOB_ERROR_MAX_CHARS, jobError, jobSummary, queueAttributesWorkspace, queueScope, retryRefusal, visibleQueues } from './monitor.ts';

describe('queueScope', () => {
  it('puts a queue in a workspace exactly when its payload names one', () => {
    expect(queueScope('leads.import')).toBe('workspace');
    expect(queueScope('discovery.scrape')).toBe('workspace');
    expect(queueScope('providers.test-key')).toBe('workspace');
    // A list of workspaces (the sign-in link) is not one workspace.
    expect(queueScope('auth.send-link')).toBe('installation');
    expect(queueScope('email.webhook')).toBe('installation');
    expect(queueScope('outreach.tick')).toBe('installation');
  });

  it("shows installation queues to instance owners only, and every queue to them", () => {
    const admin = visibleQueues(false);
    const owner = visibleQueues(true);
    expect(admin.installation).toEqual([]);
    expect(owner.workspace).toEqual(admin.workspace.filter((queue) => queueScope(queue) === 'workspace'));
    expect([...owner.workspace, ...owner.installation].sort()).toEqual([...QUEUE_NAMES].sort());
  });

  it("shows an admin the webhook jobs attributed to their workspace, and an owner every webhook job", () => {
    expect(queueAttributesWorkspace('email.webhook')).toBe(true);
    expect(queueAttributesWorkspace('calls.webhook')).toBe(true);
    expect(queueAttributesWorkspace('leads.import')).toBe(false);
    expect(queueAttributesWorkspace('outreach.tick')).toBe(false);
    expect(visibleQueues(false).workspace).toEqual(expect.arrayContaining(['email.webhook', 'calls.webhook']));
    expect(visibleQueues(true).installation).toEqual(expect.arrayContaining(['email.webhook', 'calls.webhook']));
    expect(visibleQueues(true).workspace).not.toContain('email.webhook');
  });
});

describe('jobSummary', () => {
  it('keeps the record ids a payload names and nothing else', () => {
    const payload = {
      workspaceId: '00000000-0000-4000-8000-000000000001',
      importId: '00000000-0000-4000-8000-000000000002',
      email: 'someone@example.com',
      apiKey: 're_secret',
      leadId: 'not-an-id; drop table',
    };
    expect(jobSummary(payload)).toEqual({ importId: '00000000-0000-4000-8000-000000000002' });
    expect(jobSummary(null)).toEqual({});
    expect(jobSummary('text')).toEqual({});
  });
});

describe('jobError', () => {
  it("reads the handler's error or a serialized error's message, never its stack", () => {
    expect(jobError({ error: 'provider said no' })).toBe('provider said no');
    expect(jobError({ name: 'Error', message: 'job timed out', stack: 'at secret.ts:1' })).toBe('job timed out');
    expect(jobError({ stack: 'at secret.ts:1' })).toBeNull();
    expect(jobError(null)).toBeNull();
  });

  it('cuts a long message to a bounded length on one line', () => {
    const message = jobError({ error: `first line\n${'x'.repeat(5_000)}` })!;
    expect(message.length).toBe(JOB_ERROR_MAX_CHARS);
    expect(message).toMatch(/^first line x+…$/);
  });
});

describe('retryRefusal', () => {
  it('refuses jobs whose moment has passed and allows the claimed work of the rest', () => {
    expect(retryRefusal('auth.send-link')).toMatch(/ask again/);
    expect(retryRefusal('leads.import')).toBeNull();
    expect(retryRefusal('discovery.search')).toBeNull();
  });
});
