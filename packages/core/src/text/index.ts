export { safeText, textProblem, NUL_MESSAGE, LONE_SURROGATE_MESSAGE } from './safe-text.ts';
