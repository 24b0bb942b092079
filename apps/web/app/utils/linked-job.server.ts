import { parseJobLink, type JobLink } from './job-link.ts';
import { requestError } from './request-errors.server.ts';

// People edit URLs and others send them links, so the jobs page speaks of a job its URL names only once
// the API has found it among the jobs the caller may see; anything else is dropped without a word.

/**
 * The job a link names, as the API gives it, when it is there for the caller to see; null for a value
 * that names no job (malformed, an unknown queue, gone, another workspace's). Other refusals are thrown.
 */
export async function loadLinkedJob<Job>(value: string | null, find: (link: JobLink) => Promise<Job>): Promise<Job | null> {
  const link = parseJobLink(value);
  if (!link) return null;
  try {
    return await find(link);
  } catch (error) {
    const status = requestError(error)?.status;
    if (status === 400 || status === 404) return null;
    throw error;
  }
}
