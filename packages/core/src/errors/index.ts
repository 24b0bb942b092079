export { DomainError, NotFound, Forbidden, Conflict, Invalid, RateLimited, ProviderError } from './domain-errors.ts';
