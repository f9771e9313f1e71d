import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for every GraphQL document the explorer sends, generated from the service's own
 * schema.gql (`npm run web:codegen`); documents are plain strings typed with their result
 * and variables, so no GraphQL client library ships to the browser.
 */
const config: CodegenConfig = {
  schema: 'schema.gql',
  documents: ['web/src/**/*.{ts,tsx}', '!web/src/gql/**'],
  generates: {
    'web/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          DateTime: 'string',
          JSON: 'unknown',
          ParameterValue: 'string | number | boolean',
          ParamsInput: 'Record<string, string | number | boolean>',
        },
      },
    },
  },
  ignoreNoDocuments: true,
};

export default config;
