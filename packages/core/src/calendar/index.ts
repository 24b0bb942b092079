export { WEEKDAYS, wallClockIn, zonedInstant, localDatePlus, type Weekday, type WallClock, type LocalDateTime } from './zoned-time.ts';
export { addBusinessDays, isWeekend } from './business-days.ts';
