/** Where people land after signing in, finishing setup or opening `/`: the work, not the machinery. */
export const HOME_PATH = '/campaigns';
