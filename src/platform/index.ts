export * from './types';
export { createLocalPlatform, type LocalPlatform, type LocalPlatformOptions, type LocalUser } from './local';
