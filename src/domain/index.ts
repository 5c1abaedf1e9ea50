export * from './errors';
export * from './facts';
export * from './wsjf';
export * from './allocation';
export * from './capacity';
export * from './fill';
