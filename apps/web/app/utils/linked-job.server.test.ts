import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { jobLinkValue, parseJobLink } from './job-link.ts';
import { loadLinkedJob } from './linked-job.server.ts';

const JOB_ID = '0b7d3c1e-5f2a-4c8e-9a1b-2d3e4f5a6b7c';

describe('a job named in the jobs page URL', () => {
  it('reads back the queue and id the page writes', () => {
    expect(parseJobLink(jobLinkValue({ queue: 'leads.import', id: JOB_ID }))).toEqual({ queue: 'leads.import', id: JOB_ID });
    expect(parseJobLink(`email.webhook/${JOB_ID.toUpperCase()}`)).toEqual({ queue: 'email.webhook', id: JOB_ID });
  });

  it('is nothing unless its id is a UUID after a queue', () => {
    for (const value of [null, '', JOB_ID, `/${JOB_ID}`, 'leads.import/42', 'leads.import/Your account is locked. Call +1 555 0100', `leads.import/${JOB_ID} and more`]) {
      expect(parseJobLink(value)).toBeNull();
    }
  });

  it('asks the API for a well-formed one only, and is nothing when the API does not find it or refuses its queue', async () => {
    const asked: string[] = [];
    const find = async (link: { queue: string; id: string }) => {
      asked.push(jobLinkValue(link));
      if (link.queue === 'no.such-queue') throw new TRPCError({ code: 'BAD_REQUEST', message: 'Choose a queue from the list.' });
      if (link.queue !== 'leads.import') throw new TRPCError({ code: 'NOT_FOUND', message: 'No job was found.' });
      return { ...link, state: 'failed' };
    };
    expect(await loadLinkedJob(`leads.import/${JOB_ID}`, find)).toEqual({ queue: 'leads.import', id: JOB_ID, state: 'failed' });
    expect(await loadLinkedJob(`discovery.search/${JOB_ID}`, find)).toBeNull();
    expect(await loadLinkedJob(`no.such-queue/${JOB_ID}`, find)).toBeNull();
    expect(await loadLinkedJob('Job done. Call us', find)).toBeNull();
    expect(asked).toEqual([`leads.import/${JOB_ID}`, `discovery.search/${JOB_ID}`, `no.such-queue/${JOB_ID}`]);
  });

  it('passes on any other refusal', async () => {
    const refuse = async () => {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'This needs the admin role in this workspace.' });
    };
    await expect(loadLinkedJob(`leads.import/${JOB_ID}`, refuse)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
