export * from './types';
export { createLocalPlatform, localSites, type LocalPlatform, type LocalPlatformOptions, type LocalUser } from './local';
