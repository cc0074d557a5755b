/** The emit stage and the plan utilities others use (canonical JSON, hashing, freezing). */
export { canonicalJson } from './canonical-json.ts';
export { deepFreeze } from './deep-freeze.ts';
export { emit } from './emit.ts';
export { hashAndFreezePlan, hashPlan } from './hash-plan.ts';
