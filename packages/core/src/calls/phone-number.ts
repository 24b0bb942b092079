/** The number sandbox calls go out from: the sandbox caller takes any id, and this one says where a call went. */
export const SANDBOX_CALL_PHONE_NUMBER_ID = 'sandbox';
/** The assistant sandbox calls name when their campaign sets none: the sandbox caller plays its own script whatever the assistant. */
export const SANDBOX_CALL_ASSISTANT_ID = 'sandbox-assistant';

/**
 * The Vapi phone number a workspace's new calls go out from, chosen as its Vapi key is: the
 * workspace's own key's number, else the environment's (VAPI_PHONE_NUMBER_ID), else the sandbox's.
 */
export function callPhoneNumberId(input: { workspaceKeyNumber: string | null; environmentNumber: string | null }): string {
  return input.workspaceKeyNumber || input.environmentNumber || SANDBOX_CALL_PHONE_NUMBER_ID;
}
