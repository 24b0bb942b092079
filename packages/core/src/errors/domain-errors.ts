/**
 * The few errors domain code throws. The API maps each to one tRPC code in one place, so a handler
 * never picks HTTP statuses itself.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: 'not_found' | 'forbidden' | 'conflict' | 'invalid' | 'rate_limited' | 'provider';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not_found';
}

export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
}

export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

export class Invalid extends DomainError {
  readonly kind = 'invalid';
}

export class RateLimited extends DomainError {
  readonly kind = 'rate_limited';
  readonly retryAfterSeconds: number | undefined;
  constructor(message: string, retryAfterSeconds?: number, options?: ErrorOptions) {
    super(message, options);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export class ProviderError extends DomainError {
  readonly kind = 'provider';
  readonly provider: string;
  constructor(provider: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.provider = provider;
  }
}
