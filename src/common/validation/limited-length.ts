import { MaxLength } from 'class-validator';
import { INPUT_LIMITS, tooLongMessage, type InputLimit } from '../../core/input-limits';
import { ValidationFailedError } from '../errors/domain-error';

/**
 * class-validator's MaxLength with a limit of the shared set and the shared message: the
 * GraphQL arguments' side of INPUT_LIMITS (REST query strings check in readFlowQuery).
 */
export function LimitedLength(limit: InputLimit): PropertyDecorator {
  const max = INPUT_LIMITS[limit];
  return MaxLength(max, { message: (args) => tooLongMessage(args.property, max) });
}

/** Parameter names and values of a question within their limits, or VALIDATION_FAILED naming the first that is not. */
export function checkParamLimits(params: Readonly<Record<string, unknown>> | null | undefined): void {
  for (const [name, value] of Object.entries(params ?? {})) {
    if (name.length > INPUT_LIMITS.parameterName) {
      const shown = `${name.slice(0, 60)}...`;
      throw new ValidationFailedError(shown, `parameter name ${tooLongMessage(shown, INPUT_LIMITS.parameterName)}`);
    }
    if (String(value).length > INPUT_LIMITS.parameterValue) {
      throw new ValidationFailedError(name, tooLongMessage(name, INPUT_LIMITS.parameterValue), { parameter: name });
    }
  }
}
