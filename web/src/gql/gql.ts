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
    "\n  query ExplorerVersions {\n    catalogs {\n      version\n      title\n      status\n      createdAt\n      publishedAt\n      deprecatedAt\n      roleCount\n      parameterCount\n      flowCount\n    }\n  }\n": typeof types.ExplorerVersionsDocument,
    "\n  query ExplorerVersion($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      notes\n      roles {\n        key\n        name\n        kind\n        includes\n        description\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n    artifact(catalog: $version, format: \"svg\") {\n      content\n    }\n  }\n": typeof types.ExplorerVersionDocument,
};
const documents: Documents = {
    "\n  query ExplorerVersions {\n    catalogs {\n      version\n      title\n      status\n      createdAt\n      publishedAt\n      deprecatedAt\n      roleCount\n      parameterCount\n      flowCount\n    }\n  }\n": types.ExplorerVersionsDocument,
    "\n  query ExplorerVersion($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      notes\n      roles {\n        key\n        name\n        kind\n        includes\n        description\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n    artifact(catalog: $version, format: \"svg\") {\n      content\n    }\n  }\n": types.ExplorerVersionDocument,
};

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
