export { vapiCaller, classifyVapiError, VAPI_TIMEOUT_MS } from './vapi.ts';
export { CallInDoubt, CallRefused, type CallRequest, type PlacedCall, type VapiCallSnapshot, type VoiceCaller } from './types.ts';
export { vapiCallerFor } from './select.ts';
