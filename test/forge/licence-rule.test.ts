/**
 * The one licence rule every entry point uses (resolvers, triggers, consumers): what Forge's `context.license`
 * says about whether the site may use the app's features.
 */
import { isLicenceActive } from '../../src/platform/licence';

it('a site is licensed without a licence object (no licensing applies) and with an active one; otherwise read-only', () => {
  expect(isLicenceActive(undefined)).toBe(true);
  expect(isLicenceActive(null)).toBe(true);
  expect(isLicenceActive({ isActive: true, isEvaluation: true })).toBe(true);
  // Forge's newer field name, sent beside the deprecated one, or alone.
  expect(isLicenceActive({ active: true, isActive: true })).toBe(true);
  expect(isLicenceActive({ active: true })).toBe(true);

  expect(isLicenceActive({ isActive: false })).toBe(false);
  expect(isLicenceActive({ active: false, isActive: false })).toBe(false);
  expect(isLicenceActive({ active: false })).toBe(false);
  // Anything Forge would not send reads as not active: a write is never allowed on a guess.
  expect(isLicenceActive({})).toBe(false);
  expect(isLicenceActive({ isActive: 'true' })).toBe(false);
  expect(isLicenceActive('active')).toBe(false);
});
