export { compileCatalog, type CompiledCatalog, type CompiledFlow } from './compiled-catalog';
export { applyFlowDiff, diffFlows, type FlowChange, type FlowDiff } from './diff-flows';
export { UnknownFlowError, UnknownRoleError } from './flow-query.errors';
export {
  explainFlow,
  type ExplainedRow,
  flowMatrix,
  whoMustReach,
  type FlowExplanation,
  type FlowMatrix,
  type MatrixCell,
  type ReverseLookup,
  type ReverseLookupResult,
} from './flow-lookups';
export { expandRow, matchingRoles, resolveFlows, type FlowFilter } from './resolve-flows';
export {
  compareFlows,
  describePorts,
  flowIdentity,
  IP_PROTOCOL_NUMBERS,
  type ResolvedFlow,
  type ResolvedProtocol,
} from './resolved-flow';
