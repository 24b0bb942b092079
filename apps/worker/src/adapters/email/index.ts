export { emailSenderFor, emailSenderForWorkspace, composeEmailSender } from './select.ts';
export { sendEmailOnce, type SendOutcome } from './send-once.ts';
export { sandboxEmail } from './sandbox.ts';
export { resendEmail, classifyResendError, retryAfterSeconds, RESEND_TIMEOUT_MS } from './resend.ts';
export { smtpEmail, classifySmtpError } from './smtp.ts';
export { emailWithFailover } from './failover.ts';
export { formatAddress } from './headers.ts';
export {
  EmailRefused,
  EmailInDoubt,
  isEmailFailure,
  type EmailFailure,
  type EmailFailureDetails,
  type EmailSender,
  type EmailMessage,
  type MarketingEmailMessage,
  type EmailAddress,
  type SentEmail,
} from './types.ts';
