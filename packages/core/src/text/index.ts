export { safeText, textProblem, NUL_MESSAGE, LONE_SURROGATE_MESSAGE } from './safe-text.ts';
export { storableJsonProblem, STORABLE_JSON_MAX_DEPTH } from './storable-json.ts';
export { formatNumber } from './number.ts';
