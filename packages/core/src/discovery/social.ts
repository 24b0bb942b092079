// The networks a business profile is worth recording on, by host (without www./m.).
const NETWORKS: Record<string, string> = {
  'facebook.com': 'facebook',
  'fb.com': 'facebook',
  'instagram.com': 'instagram',
  'linkedin.com': 'linkedin',
  'twitter.com': 'x',
  'x.com': 'x',
  'youtube.com': 'youtube',
  'tiktok.com': 'tiktok',
};

// Paths that are sharing widgets, posts or app pages rather than the business's own profile.
const NOT_A_PROFILE: Record<string, RegExp> = {
  facebook: /^\/(sharer|share|dialog|plugins|tr|login|help|policies|privacy|events\/?$|hashtag)(\/|\.php|$)/i,
  instagram: /^\/(p|reel|reels|explore|accounts|stories)(\/|$)/i,
  linkedin: /^\/(sharearticle|sharing|shareArticle|feed|login|signup)(\/|$)/i,
  x: /^\/(intent|share|home|search|hashtag|i|login)(\/|$)/i,
  youtube: /^\/(watch|embed|results|shorts|playlist|redirect)(\/|$)/i,
  tiktok: /^\/(?!@)/i,
};

/** The canonical profile URL ("https://instagram.com/acmebakery") of a social link, or null. */
export function socialProfileUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // "www.", "m.", "de-de." and the like in front of a network's own host.
  const fullHost = url.hostname.toLowerCase();
  const host = NETWORKS[fullHost] ? fullHost : fullHost.slice(fullHost.indexOf('.') + 1);
  const network = NETWORKS[host];
  if (!network) return null;
  const path = url.pathname.replace(/\/+$/, '');
  if (path === '' || NOT_A_PROFILE[network]!.test(path)) return null;
  // Facebook's numeric profiles keep their id in the query; every other profile is the path alone.
  const profileId = network === 'facebook' && /^\/profile\.php$/i.test(path) ? url.searchParams.get('id') : null;
  if (/^\/profile\.php$/i.test(path) && !profileId) return null;
  // YouTube channel ids are case-sensitive; the other networks' handles are not.
  const canonicalPath = network === 'youtube' ? path : path.toLowerCase();
  return `https://${host}${canonicalPath}${profileId ? `?id=${profileId}` : ''}`;
}
