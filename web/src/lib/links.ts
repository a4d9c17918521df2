/**
 * Deadlines and notifications carry links such as `/console/assignments/…`; inside the console they
 * become router paths (the router's basename is /console). Other links leave the console.
 */
export function consolePath(
  link: string | null | undefined,
): { internal: string } | { external: string } | null {
  if (!link) return null;
  if (link === '/console' || link.startsWith('/console/'))
    return { internal: link.slice('/console'.length) || '/' };
  return { external: link };
}
