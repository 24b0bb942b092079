/** What placing one call needs: who to call, from which Vapi number, with which assistant, and our call id. */
export interface CallRequest {
  /** Our call's id: sent in the assistant overrides' metadata (Vapi echoes it in every webhook) and as the call's name. */
  callId: string;
  assistantId: string;
  phoneNumberId: string;
  customer: { number: string; name?: string | null };
}

/** Vapi took the call. */
export interface PlacedCall {
  vapiCallId: string;
  /** Vapi's status in its answer (`queued` as a rule). */
  status: string | null;
}

/** A call as GET /call/{id} reports it: what reconciliation settles a stuck call from. */
export interface VapiCallSnapshot {
  vapiCallId: string;
  status: string | null;
  endedReason: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  cost: number | null;
  /** Our call id from the metadata we sent, when Vapi echoes it. */
  callId: string | null;
}

export interface VoiceCaller {
  readonly provider: 'vapi';
  /** The local sandbox caller rather than Vapi: it plays each call from its own script, so a campaign needs no assistant for it. */
  readonly sandbox: boolean;
  /** Places a call once; throws `CallRefused` (nothing was placed) or `CallInDoubt` (it may have been). Never retries on its own. */
  createCall(request: CallRequest): Promise<PlacedCall>;
  /** The call as Vapi knows it now, or null when Vapi has no such call. */
  getCall(vapiCallId: string): Promise<VapiCallSnapshot | null>;
}

interface CallFailureDetails {
  statusCode: number | null;
  reason: string;
}

/** Vapi answered and did not place the call. `retriable`: asked to wait (429, the account's concurrency limit), with how long when it said. */
export class CallRefused extends Error {
  readonly statusCode: number | null;
  readonly reason: string;
  readonly retriable: boolean;
  readonly retryAfterSeconds: number | null;
  constructor(message: string, details: CallFailureDetails & { retriable: boolean; retryAfterSeconds?: number | null }) {
    super(message);
    this.name = 'CallRefused';
    this.statusCode = details.statusCode;
    this.reason = details.reason;
    this.retriable = details.retriable;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }
}

/**
 * No clear answer (a timeout, a dropped connection, a 5xx): Vapi may have placed the call. Vapi takes
 * no idempotency key, so asking again could ring the person twice; the call is settled from Vapi's
 * webhooks (which name our call id) or by reconciliation, never by dialing again.
 */
export class CallInDoubt extends Error {
  readonly statusCode: number | null;
  readonly reason: string;
  constructor(message: string, details: CallFailureDetails) {
    super(message);
    this.name = 'CallInDoubt';
    this.statusCode = details.statusCode;
    this.reason = details.reason;
  }
}
