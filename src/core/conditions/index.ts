export type {
  CompareNode,
  CompareOperator,
  ConditionNode,
  IdentifierNode,
  InNode,
  LiteralNode,
  LiteralValue,
  LogicalNode,
  LogicalOperator,
  NotNode,
} from './condition.ast';
export { positionOf, referencedParameters } from './condition.ast';
export { checkCondition, type ParameterLookup } from './condition.checker';
export {
  compileCondition,
  explainCondition,
  type CompiledCondition,
  type ConditionExplanation,
  type ParameterSpecs,
} from './condition.compiler';
export {
  ConditionError,
  isConditionError,
  type ConditionErrorCode,
  type ConditionErrorDetails,
} from './condition.errors';
export { formatCondition, formatLiteral } from './condition.formatter';
export { MAX_CONDITION_DEPTH, MAX_CONDITION_LENGTH, parseCondition } from './condition.parser';
export { checkSatisfiable, type Satisfiability } from './condition.satisfiability';
