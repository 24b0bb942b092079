import { formatUtcDate, formatUtcDateTime, formatUtcTime } from '../utils/format.ts';

const FORMATS = { 'date-time': formatUtcDateTime, date: formatUtcDate, time: formatUtcTime } as const;

/**
 * A moment as the dashboard shows every time: on the UTC clock, saying so (see format.ts), in a
 * <time> element whose machine-readable value carries the exact instant, and whose tooltip does when
 * the text shows less than the date and time (a tooltip repeating the text only adds to long tables).
 */
export function UtcTime({ at, show = 'date-time' }: { at: Date | string; show?: keyof typeof FORMATS }) {
  const moment = new Date(at);
  return (
    <time dateTime={moment.toISOString()} title={show === 'date-time' ? undefined : formatUtcDateTime(moment)}>
      {FORMATS[show](moment)}
    </time>
  );
}
