/**
 * Whether the licence Forge hands a function (`context.license`: resolvers, triggers, scheduled triggers and
 * queue consumers alike) lets the site use the app's features. Forge omits it where paid licensing does not
 * apply (development and staging installations, apps without licensing): such a site is licensed. The one rule
 * for every entry point, so a site is never writable in the panel and read-only in the background, or back.
 */
export function isLicenceActive(license: unknown): boolean {
  if (license === undefined || license === null) return true;
  if (typeof license !== 'object') return false;
  // Forge documents `active` as the newer name of `isActive` (deprecated, still sent): either says it.
  const { active, isActive } = license as { active?: unknown; isActive?: unknown };
  return (active ?? isActive) === true;
}
