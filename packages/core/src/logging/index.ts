export { createLogger, type Logger, type LoggerOptions } from './logger.ts';
export { createRepeatLimiter, logRepeatedErrors, repeatKey, type RepeatLimiter } from './repeat-limiter.ts';
