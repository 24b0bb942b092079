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
export { VAPI_FAKE_API_KEY, startVapiFake, type PlacedVapiCall, type VapiFailure, type VapiFake, type VapiFakeOptions } from './vapi-fake.ts';
export {
  VAPI_MESSAGE_TYPES,
  deliverVapiWebhook,
  signVapiWebhook,
  vapiEndOfCallReportBody,
  vapiHangBody,
  vapiStatusUpdateBody,
  vapiTranscriptBody,
  type SignedVapiWebhook,
  type VapiCallObject,
  type VapiCallReport,
  type VapiMessageType,
  type VapiWebhookAuth,
} from './vapi-webhooks.ts';
