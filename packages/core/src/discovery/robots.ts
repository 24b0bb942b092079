import * as robotsModule from 'robots-parser';

interface ParsedRobots {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
  getCrawlDelay(userAgent?: string): number | undefined;
}

// A CommonJS module whose typings do not resolve under NodeNext: its namespace's default is module.exports.
const robotsParser = (robotsModule as unknown as { default: (url: string, contents: string) => ParsedRobots }).default;
import { SCRAPER_ROBOTS_TOKEN } from './user-agent.ts';

/**
 * The product token robots.txt groups are matched against: "SwitchboardBot" from
 * "Mozilla/5.0 (compatible; SwitchboardBot/1.0; +https://…)", or the text before the first "/".
 */
export function robotsToken(userAgent: string): string {
  const compatible = /\(compatible;\s*([^/;\s)]+)/i.exec(userAgent);
  if (compatible) return compatible[1]!;
  const token = userAgent.trim().split(/[/\s]/)[0];
  return token || SCRAPER_ROBOTS_TOKEN;
}

/** Whether robots.txt lets `userAgent` fetch `url`. No robots.txt (null) allows everything. */
export function robotsAllows(robotsTxt: string | null, url: string, userAgent: string): boolean {
  if (robotsTxt === null) return true;
  const robots = parse(robotsTxt, url);
  if (!robots) return true;
  // Undefined means the URL is on another origin than the robots.txt: its rules do not apply.
  return robots.isAllowed(url, robotsToken(userAgent)) ?? true;
}

/** The Crawl-delay robots.txt asks of `userAgent`, in milliseconds, or null when it asks none. */
export function robotsCrawlDelayMs(robotsTxt: string | null, siteUrl: string, userAgent: string): number | null {
  if (robotsTxt === null) return null;
  const delaySeconds = parse(robotsTxt, siteUrl)?.getCrawlDelay(robotsToken(userAgent));
  return delaySeconds !== undefined && Number.isFinite(delaySeconds) && delaySeconds > 0 ? delaySeconds * 1000 : null;
}

function parse(robotsTxt: string, url: string) {
  let robotsUrl: string;
  try {
    robotsUrl = new URL('/robots.txt', url).toString();
  } catch {
    return null;
  }
  return robotsParser(robotsUrl, robotsTxt);
}
