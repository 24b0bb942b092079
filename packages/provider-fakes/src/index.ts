export {
  RESEND_FAKE_API_KEY,
  startResendFake,
  type AcceptedEmail,
  type EmailRequestBody,
  type InjectOptions,
  type InboundEmail,
  type ResendFailure,
  type ResendFake,
} from './resend-fake.ts';
export {
  RESEND_EVENT_TYPES,
  deliverResendWebhook,
  generateWebhookSecret,
  resendEventBody,
  signResendWebhook,
  type ResendEventEmail,
  type ResendEventType,
  type SignedWebhook,
} from './resend-webhooks.ts';
export { startSmtpFake, type SmtpFailure, type SmtpFake, type SmtpMessage, type SmtpRefusal } from './smtp-fake.ts';
