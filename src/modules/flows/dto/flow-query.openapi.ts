import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';

/** The query options of flow questions (readFlowQuery takes them out; every other name is a parameter value). */
export type FlowQueryOption = 'from' | 'to' | 'profile' | 'since';

const TEXT = { type: 'string', maxLength: 1024 } as const;

const OPTIONS: Record<FlowQueryOption, { description: string; example: string }> = {
  from: {
    description: 'Source role; matches flows written for any role that includes it or that it includes',
    example: 'worker',
  },
  to: { description: 'Destination role (same matching)', example: 'master' },
  profile: { description: 'A profile whose parameter values apply (query parameters override them)', example: 'prod' },
  since: {
    description: 'Render the change from this earlier version (a label or "latest"): rules to add and to remove',
    example: '1.29.0',
  },
};

export const PARAMS_DESCRIPTION =
  'Catalog parameter values, each as a query parameter of its own name (`?cni=calico&airGap=true`): for the ' +
  'Kublr catalog cni, airGap, byoInfrastructure, masterLoadBalancer, ingressLoadBalancer, nodePortRange ' +
  "(GET /api/v1/catalogs/{version} lists a version's parameters). They override the profile's values; " +
  "parameters given nowhere take the catalog's defaults. An unknown name or a value outside the " +
  "parameter's type is a 400 naming it.";

/**
 * The catalog parameter values of a flow question as ONE query parameter object in `form`
 * style with `explode: true`: a generated client passes `{cni: "calico"}` and it is sent
 * as `?cni=calico`, as readFlowQuery reads it.
 */
export function ApiCatalogParams(): MethodDecorator {
  return ApiQuery({
    name: 'params',
    required: false,
    style: 'form',
    explode: true,
    description: PARAMS_DESCRIPTION,
    schema: {
      type: 'object',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
      example: { cni: 'calico', airGap: false },
    },
  });
}

/** The named options a flow question takes, typed, then the catalog parameter values. */
export function ApiFlowQuery(...options: FlowQueryOption[]): MethodDecorator {
  return applyDecorators(
    ...options.map((name) =>
      ApiQuery({
        name,
        required: false,
        description: OPTIONS[name].description,
        schema: { ...TEXT, example: OPTIONS[name].example },
      }),
    ),
    ApiCatalogParams(),
  );
}
