/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** draft while edited, published (immutable) once released, deprecated later */
export type CatalogVersionStatus =
  /** Superseded; still answered by its label */
  | 'deprecated'
  /** Being edited; not answered as "latest" */
  | 'draft'
  /** Released and immutable; the highest label is "latest" */
  | 'published';

/** The type of a parameter's values */
export type ParameterType =
  /** true or false */
  | 'boolean'
  /** One of the listed values */
  | 'enum'
  /** A number */
  | 'number'
  /** A port range "A-B" or a single port */
  | 'portRange'
  /** Any text */
  | 'string';

/** What kind of endpoint a role is; it decides which side of a flow a rule is written on */
export type RoleKind =
  /** Outside what we configure (the Internet, a cloud API): flows to it are egress rules on the source; it is never a rule target */
  | 'external'
  /** Machines the renderers configure: host firewalls, security groups, tags */
  | 'host'
  /** A load balancer in front of hosts: a peer with addresses, no host firewall */
  | 'loadBalancer';

export type ExplorerVersionsQueryVariables = Exact<{ [key: string]: never; }>;


export type ExplorerVersionsQuery = { catalogs: Array<{ version: string, title: string, status: CatalogVersionStatus, createdAt: string, publishedAt: string | null, deprecatedAt: string | null, roleCount: number, parameterCount: number, flowCount: number }> };

export type ExplorerVersionQueryVariables = Exact<{
  version: string;
}>;


export type ExplorerVersionQuery = { catalog: { version: string, title: string, status: CatalogVersionStatus, notes: string, roles: Array<{ key: string, name: string, kind: RoleKind, includes: Array<string>, description: string }>, parameters: Array<{ name: string, type: ParameterType, values: Array<string>, default: string | number | boolean | null, description: string }> } | null, artifact: { content: string } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const ExplorerVersionsDocument = new TypedDocumentString(`
    query ExplorerVersions {
  catalogs {
    version
    title
    status
    createdAt
    publishedAt
    deprecatedAt
    roleCount
    parameterCount
    flowCount
  }
}
    `) as unknown as TypedDocumentString<ExplorerVersionsQuery, ExplorerVersionsQueryVariables>;
export const ExplorerVersionDocument = new TypedDocumentString(`
    query ExplorerVersion($version: String!) {
  catalog(version: $version) {
    version
    title
    status
    notes
    roles {
      key
      name
      kind
      includes
      description
    }
    parameters {
      name
      type
      values
      default
      description
    }
  }
  artifact(catalog: $version, format: "svg") {
    content
  }
}
    `) as unknown as TypedDocumentString<ExplorerVersionQuery, ExplorerVersionQueryVariables>;