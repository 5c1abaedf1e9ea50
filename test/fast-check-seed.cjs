// Property tests draw their cases from one fixed seed, so `npm test` (and CI) gives the same verdict on every
// run; FC_SEED=<n> explores other seeds (fast-check prints the seed of any counterexample it finds).
const fc = require('fast-check');
fc.configureGlobal({ seed: process.env.FC_SEED ? Number(process.env.FC_SEED) : 20261202 });
