import { describe, expect, it } from 'vitest';
import { robotsAllows, robotsCrawlDelayMs, robotsToken } from './robots.ts';
import { SCRAPER_USER_AGENT } from './user-agent.ts';

const agent = SCRAPER_USER_AGENT('0.4.0', 'https://switchboard.example/bot');

describe('robots.txt', () => {
  it('identifies the crawler honestly with a product token robots.txt can name', () => {
    expect(agent).toBe('Mozilla/5.0 (compatible; SwitchboardBot/0.4.0; +https://switchboard.example/bot)');
    expect(robotsToken(agent)).toBe('SwitchboardBot');
    expect(robotsToken('OtherBot/2.1 (+https://other.example)')).toBe('OtherBot');
  });

  it('allows everything without a robots.txt', () => {
    expect(robotsAllows(null, 'https://acme.com/contact', agent)).toBe(true);
    expect(robotsAllows('', 'https://acme.com/contact', agent)).toBe(true);
  });

  it('follows the group for every crawler', () => {
    const robots = 'User-agent: *\nDisallow: /team\nAllow: /team/public\n';
    expect(robotsAllows(robots, 'https://acme.com/contact', agent)).toBe(true);
    expect(robotsAllows(robots, 'https://acme.com/team', agent)).toBe(false);
    expect(robotsAllows(robots, 'https://acme.com/team/public', agent)).toBe(true);
  });

  it('prefers a group that names Switchboard over the catch-all', () => {
    const robots = 'User-agent: Googlebot\nAllow: /\n\nUser-agent: switchboardbot\nDisallow: /\n\nUser-agent: *\nAllow: /\n';
    expect(robotsAllows(robots, 'https://acme.com/', agent)).toBe(false);
    expect(robotsAllows(robots, 'https://acme.com/', 'Mozilla/5.0 (compatible; OtherBot/1.0)')).toBe(true);
  });

  it('reads a crawl delay for Switchboard', () => {
    expect(robotsCrawlDelayMs('User-agent: *\nCrawl-delay: 2\n', 'https://acme.com/', agent)).toBe(2_000);
    expect(robotsCrawlDelayMs('User-agent: *\nDisallow:\n', 'https://acme.com/', agent)).toBeNull();
  });
});
