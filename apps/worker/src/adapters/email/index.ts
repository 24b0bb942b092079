export { emailSenderFor } from './select.ts';
export { sendEmailOnce, type SendOutcome } from './send-once.ts';
export { sandboxEmail } from './sandbox.ts';
export { resendEmail } from './resend.ts';
export { EmailRefused, type EmailSender, type EmailMessage } from './types.ts';
