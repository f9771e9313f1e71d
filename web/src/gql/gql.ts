/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ExplorerFlowFields on Flow {\n    key\n    source\n    destination\n    protocol\n    fromPort\n    toPort\n    component\n    notes\n  }\n": typeof types.ExplorerFlowFieldsFragmentDoc,
    "\n  query ExplorerExplainFlow($key: String!, $catalog: String, $profile: String, $params: ParamsInput) {\n    explainFlow(key: $key, catalog: $catalog, profile: $profile, params: $params) {\n      key\n      version\n      applies\n      condition {\n        source\n        canonical\n        result\n        parameters {\n          name\n          value\n        }\n      }\n      rows {\n        key\n        applies\n        row {\n          component\n          condition\n        }\n        condition {\n          canonical\n          result\n        }\n      }\n    }\n  }\n": typeof types.ExplorerExplainFlowDocument,
    "\n  query ExplorerQuestionChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      version\n      resolvedVersion\n      params {\n        name\n        value\n      }\n    }\n  }\n": typeof types.ExplorerQuestionChoicesDocument,
    "\n  query ExplorerQuestionCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      roles {\n        key\n        name\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n  }\n": typeof types.ExplorerQuestionCatalogDocument,
    "\n  query ExplorerFlows($catalog: String, $profile: String, $from: String, $to: String, $params: ParamsInput) {\n    flows(catalog: $catalog, profile: $profile, from: $from, to: $to, params: $params) {\n      ...ExplorerFlowFields\n    }\n  }\n": typeof types.ExplorerFlowsDocument,
    "\n  query ExplorerMatrix($catalog: String, $profile: String, $params: ParamsInput) {\n    matrix(catalog: $catalog, profile: $profile, params: $params) {\n      version\n      roles\n      cells {\n        source\n        destination\n        flows {\n          ...ExplorerFlowFields\n        }\n      }\n    }\n  }\n": typeof types.ExplorerMatrixDocument,
    "\n  query ExplorerVersions {\n    catalogs {\n      version\n      title\n      status\n      createdAt\n      publishedAt\n      deprecatedAt\n      roleCount\n      parameterCount\n      flowCount\n    }\n  }\n": typeof types.ExplorerVersionsDocument,
    "\n  query ExplorerVersion($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      notes\n      roles {\n        key\n        name\n        kind\n        includes\n        description\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n    artifact(catalog: $version, format: \"svg\") {\n      content\n    }\n  }\n": typeof types.ExplorerVersionDocument,
};
const documents: Documents = {
    "\n  fragment ExplorerFlowFields on Flow {\n    key\n    source\n    destination\n    protocol\n    fromPort\n    toPort\n    component\n    notes\n  }\n": types.ExplorerFlowFieldsFragmentDoc,
    "\n  query ExplorerExplainFlow($key: String!, $catalog: String, $profile: String, $params: ParamsInput) {\n    explainFlow(key: $key, catalog: $catalog, profile: $profile, params: $params) {\n      key\n      version\n      applies\n      condition {\n        source\n        canonical\n        result\n        parameters {\n          name\n          value\n        }\n      }\n      rows {\n        key\n        applies\n        row {\n          component\n          condition\n        }\n        condition {\n          canonical\n          result\n        }\n      }\n    }\n  }\n": types.ExplorerExplainFlowDocument,
    "\n  query ExplorerQuestionChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      version\n      resolvedVersion\n      params {\n        name\n        value\n      }\n    }\n  }\n": types.ExplorerQuestionChoicesDocument,
    "\n  query ExplorerQuestionCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      roles {\n        key\n        name\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n  }\n": types.ExplorerQuestionCatalogDocument,
    "\n  query ExplorerFlows($catalog: String, $profile: String, $from: String, $to: String, $params: ParamsInput) {\n    flows(catalog: $catalog, profile: $profile, from: $from, to: $to, params: $params) {\n      ...ExplorerFlowFields\n    }\n  }\n": types.ExplorerFlowsDocument,
    "\n  query ExplorerMatrix($catalog: String, $profile: String, $params: ParamsInput) {\n    matrix(catalog: $catalog, profile: $profile, params: $params) {\n      version\n      roles\n      cells {\n        source\n        destination\n        flows {\n          ...ExplorerFlowFields\n        }\n      }\n    }\n  }\n": types.ExplorerMatrixDocument,
    "\n  query ExplorerVersions {\n    catalogs {\n      version\n      title\n      status\n      createdAt\n      publishedAt\n      deprecatedAt\n      roleCount\n      parameterCount\n      flowCount\n    }\n  }\n": types.ExplorerVersionsDocument,
    "\n  query ExplorerVersion($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      notes\n      roles {\n        key\n        name\n        kind\n        includes\n        description\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n    artifact(catalog: $version, format: \"svg\") {\n      content\n    }\n  }\n": types.ExplorerVersionDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ExplorerFlowFields on Flow {\n    key\n    source\n    destination\n    protocol\n    fromPort\n    toPort\n    component\n    notes\n  }\n"): typeof import('./graphql').ExplorerFlowFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerExplainFlow($key: String!, $catalog: String, $profile: String, $params: ParamsInput) {\n    explainFlow(key: $key, catalog: $catalog, profile: $profile, params: $params) {\n      key\n      version\n      applies\n      condition {\n        source\n        canonical\n        result\n        parameters {\n          name\n          value\n        }\n      }\n      rows {\n        key\n        applies\n        row {\n          component\n          condition\n        }\n        condition {\n          canonical\n          result\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerExplainFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerQuestionChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      version\n      resolvedVersion\n      params {\n        name\n        value\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerQuestionChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerQuestionCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      roles {\n        key\n        name\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerQuestionCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerFlows($catalog: String, $profile: String, $from: String, $to: String, $params: ParamsInput) {\n    flows(catalog: $catalog, profile: $profile, from: $from, to: $to, params: $params) {\n      ...ExplorerFlowFields\n    }\n  }\n"): typeof import('./graphql').ExplorerFlowsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerMatrix($catalog: String, $profile: String, $params: ParamsInput) {\n    matrix(catalog: $catalog, profile: $profile, params: $params) {\n      version\n      roles\n      cells {\n        source\n        destination\n        flows {\n          ...ExplorerFlowFields\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerMatrixDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerVersions {\n    catalogs {\n      version\n      title\n      status\n      createdAt\n      publishedAt\n      deprecatedAt\n      roleCount\n      parameterCount\n      flowCount\n    }\n  }\n"): typeof import('./graphql').ExplorerVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerVersion($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      notes\n      roles {\n        key\n        name\n        kind\n        includes\n        description\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n    artifact(catalog: $version, format: \"svg\") {\n      content\n    }\n  }\n"): typeof import('./graphql').ExplorerVersionDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
