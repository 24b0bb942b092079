/** The product token robots.txt rules name to address Switchboard's crawler. */
export const SCRAPER_ROBOTS_TOKEN = 'SwitchboardBot';

/**
 * The scraper's honest user agent, in the form well-behaved crawlers use, so site owners can tell who
 * visited and where to ask questions or opt out.
 */
export function SCRAPER_USER_AGENT(version: string, contactUrl: string): string {
  return `Mozilla/5.0 (compatible; ${SCRAPER_ROBOTS_TOKEN}/${version}; +${contactUrl})`;
}
