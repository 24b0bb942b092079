/** The one Postgres NOTIFY channel live events travel on. */
export const EVENTS_CHANNEL = 'switchboard_events';
