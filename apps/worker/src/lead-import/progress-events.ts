import type { LeadImport, Publish } from '@switchboard/db';

/** At most this often a progress event, so a fast import does not flood the browsers. */
const PROGRESS_EVENT_INTERVAL_MS = 250;

/** Progress events for one import: status changes always, counter moves at most every PROGRESS_EVENT_INTERVAL_MS. */
export class ProgressEvents {
  #lastSentAt = 0;
  readonly #publish: Publish;
  readonly #leadImport: LeadImport;

  constructor(publish: Publish, leadImport: LeadImport) {
    this.#publish = publish;
    this.#leadImport = leadImport;
  }

  async send(status: 'running' | 'finished' | 'failed', always = false): Promise<void> {
    const now = Date.now();
    if (!always && now - this.#lastSentAt < PROGRESS_EVENT_INTERVAL_MS) return;
    this.#lastSentAt = now;
    await this.#publish(this.#leadImport.workspaceId, 'leads.import_progress', { importId: this.#leadImport.id, status });
  }
}
