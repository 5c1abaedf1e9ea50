export * from './dated';
export * from './teams';
export * from './forecast';
export * from './guardrails';
export * from './dependencies';
export * from './load';
export * from './allocation';
export * from './features';
