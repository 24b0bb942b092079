// The jobs page carries a job in its URL as `<queue>/<id>`: one to confirm a retry of, one just retried.

export interface JobLink {
  queue: string;
  id: string;
}

/** pg-boss gives every job a UUID (its own default, gen_random_uuid()). */
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The value the page writes into its links for a job. */
export function jobLinkValue(job: JobLink): string {
  return `${job.queue}/${job.id}`;
}

/** `<queue>/<id>` read back, or null when it is not shaped like one (the queue is checked by the API). */
export function parseJobLink(value: string | null): JobLink | null {
  if (!value) return null;
  const separator = value.lastIndexOf('/');
  const queue = value.slice(0, separator);
  const id = value.slice(separator + 1);
  return separator > 0 && JOB_ID.test(id) ? { queue, id: id.toLowerCase() } : null;
}
