/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Where one role lives in the cluster */
export type AddressSetInput = {
  /** IPv4 or IPv6 networks; a bare address is one host */
  cidrs?: Array<string> | null | undefined;
  /** A role of the catalog version, e.g. "master" */
  role: string;
  /** Cloud security group ids, e.g. "sg-0abc" */
  securityGroupIds?: Array<string> | null | undefined;
  /** Cloud tags that select the role's machines */
  tags?: Array<string> | null | undefined;
};

/** draft while edited, published (immutable) once released, deprecated later */
export type CatalogVersionStatus =
  /** Superseded; still answered by its label */
  | 'deprecated'
  /** Being edited; not answered as "latest" */
  | 'draft'
  /** Released and immutable; the highest label is "latest" */
  | 'published';

/** A flow as the catalog document writes it */
export type FlowDefinitionInput = {
  /** The component that needs the connection, e.g. "Kubelet API" */
  component?: string | null | undefined;
  /** e.g. cni == "calico"; none: the flow always applies */
  condition?: string | null | undefined;
  /** The role that is reached */
  destination?: string | null | undefined;
  /** Stable key; derived from the flow when absent */
  key?: string | null | undefined;
  /** Free text for the people who open the firewall */
  notes?: string | null | undefined;
  /** "443", "30000-32767" or "${parameter}"; none for ipip */
  ports?: string | null | undefined;
  /** tcp, udp, tcp/udp or ipip */
  protocol?: string | null | undefined;
  /** The section of the Network Access document the row belongs to */
  section?: string | null | undefined;
  /** The role that connects */
  source?: string | null | undefined;
};

/** tcp, udp, or ipip (IP-in-IP, IP protocol 4) */
export type FlowProtocol =
  /** IP-in-IP, IP protocol 4; no ports */
  | 'ipip'
  /** TCP, IP protocol 6 */
  | 'tcp'
  /** UDP, IP protocol 17 */
  | 'udp';

/** The networks an enforcing host firewall (mode=enforce) lets reach the management ports */
export type ManagementInput = {
  /** IPv4 or IPv6 networks, e.g. "198.51.100.0/24" */
  cidrs?: Array<string> | null | undefined;
  /** TCP ports; none given: 22 */
  ports?: Array<number> | null | undefined;
};

/** A new draft, empty or cloned from another version */
export type NewDraftInput = {
  /** Copy the roles, parameters and flows of this version or "latest" */
  cloneFrom?: string | null | undefined;
  /** Release notes; default: those of cloneFrom */
  notes?: string | null | undefined;
  /** A title; default: that of cloneFrom */
  title?: string | null | undefined;
  /** The new version label, e.g. "1.31.0" */
  version: string;
};

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

/** A whole profile; putting it replaces the one of that name */
export type ProfileInput = {
  /** Where each role lives: CIDRs, security group ids and tags, one entry per role */
  addresses?: Array<AddressSetInput> | null | undefined;
  /** What the profile is for */
  description?: string | null | undefined;
  /** Networks allowed to reach the management ports in enforcing host firewalls (mode=enforce) */
  management?: ManagementInput | null | undefined;
  /** Parameter values; parameters not given take the catalog version's defaults */
  params?: Array<ProfileParamInput> | null | undefined;
  /** A catalog version label, or "latest" to follow the newest published version */
  version?: string | null | undefined;
};

/** One parameter value of a profile */
export type ProfileParamInput = {
  /** A parameter of the catalog version, e.g. "cni" */
  name: string;
  /** The value: a string, number or boolean fitting the parameter's type */
  value: string | number | boolean;
};

/** What kind of endpoint a role is; it decides which side of a flow a rule is written on */
export type RoleKind =
  /** Outside what we configure (the Internet, a cloud API): flows to it are egress rules on the source; it is never a rule target */
  | 'external'
  /** Machines the renderers configure: host firewalls, security groups, tags */
  | 'host'
  /** A load balancer in front of hosts: a peer with addresses, no host firewall */
  | 'loadBalancer';

export type ExplorerFlowFieldsFragment = { key: string, source: string, destination: string, protocol: FlowProtocol, fromPort: number | null, toPort: number | null, component: string, notes: string };

export type ExplorerExplainFlowQueryVariables = Exact<{
  key: string;
  catalog?: string | null | undefined;
  profile?: string | null | undefined;
  params?: Record<string, string | number | boolean> | null | undefined;
}>;


export type ExplorerExplainFlowQuery = { explainFlow: { key: string, version: string, applies: boolean, condition: { source: string | null, canonical: string, result: boolean, parameters: Array<{ name: string, value: string | number | boolean }> }, rows: Array<{ key: string, applies: boolean, row: { component: string, condition: string | null }, condition: { canonical: string, result: boolean } }> } | null };

export type ExplorerQuestionShapeFragment = { roles: Array<{ key: string, name: string }>, parameters: Array<{ name: string, type: ParameterType, values: Array<string>, default: string | number | boolean | null, description: string }> };

export type ExplorerQuestionChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type ExplorerQuestionChoicesQuery = { catalogs: Array<{ version: string, status: CatalogVersionStatus }>, profiles: Array<{ name: string, version: string, resolvedVersion: string | null, params: Array<{ name: string, value: string | number | boolean }> }> };

export type ExplorerQuestionCatalogQueryVariables = Exact<{
  version: string;
}>;


export type ExplorerQuestionCatalogQuery = { catalog: { version: string, roles: Array<{ key: string, name: string }>, parameters: Array<{ name: string, type: ParameterType, values: Array<string>, default: string | number | boolean | null, description: string }> } | null };

export type ArtifactChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type ArtifactChoicesQuery = { catalogs: Array<{ version: string, status: CatalogVersionStatus }>, profiles: Array<{ name: string, resolvedVersion: string | null }>, artifactFormats: Array<{ format: string, description: string, contentType: string, fileExtension: string }> };

export type ArtifactCatalogQueryVariables = Exact<{
  version: string;
}>;


export type ArtifactCatalogQuery = { catalog: { version: string, roles: Array<{ key: string, name: string }>, parameters: Array<{ name: string, type: ParameterType, values: Array<string>, default: string | number | boolean | null, description: string }> } | null };

export type ArtifactPreviewQueryVariables = Exact<{
  format: string;
  catalog?: string | null | undefined;
  profile?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  since?: string | null | undefined;
  params?: Record<string, string | number | boolean> | null | undefined;
}>;


export type ArtifactPreviewQuery = { artifact: { format: string, content: string, contentType: string, fileName: string } | null };

export type ExplorerDraftsQueryVariables = Exact<{ [key: string]: never; }>;


export type ExplorerDraftsQuery = { catalogs: Array<{ version: string, title: string, status: CatalogVersionStatus, parent: string | null, updatedAt: string, flowCount: number, revision: number }> };

export type ExplorerDraftQueryVariables = Exact<{
  version: string;
}>;


export type ExplorerDraftQuery = { catalog: { version: string, title: string, status: CatalogVersionStatus, parent: string | null, revision: number, roles: Array<{ key: string }>, flowDefinitions: Array<{ key: string, section: string, source: string, destination: string, protocol: string, ports: string, condition: string | null, component: string, notes: string, revision: number }> } | null, validateCatalog: { valid: boolean, problems: Array<{ path: string, message: string }>, warnings: Array<{ path: string, message: string }> } | null };

export type ExplorerCreateDraftMutationVariables = Exact<{
  input: NewDraftInput;
}>;


export type ExplorerCreateDraftMutation = { createCatalogVersion: { version: string, revision: number } };

export type ExplorerUpdateFlowMutationVariables = Exact<{
  version: string;
  key: string;
  input: FlowDefinitionInput;
  expectedRevision?: number | null | undefined;
}>;


export type ExplorerUpdateFlowMutation = { updateFlow: { key: string, revision: number } };

export type ExplorerPublishMutationVariables = Exact<{
  version: string;
  expectedRevision?: number | null | undefined;
}>;


export type ExplorerPublishMutation = { publishCatalogVersion: { version: string, status: CatalogVersionStatus, revision: number } };

export type ExplorerFlowsQueryVariables = Exact<{
  catalog?: string | null | undefined;
  profile?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
  params?: Record<string, string | number | boolean> | null | undefined;
}>;


export type ExplorerFlowsQuery = { flows: Array<{ key: string, source: string, destination: string, protocol: FlowProtocol, fromPort: number | null, toPort: number | null, component: string, notes: string }> | null };

export type ExplorerMatrixQueryVariables = Exact<{
  catalog?: string | null | undefined;
  profile?: string | null | undefined;
  params?: Record<string, string | number | boolean> | null | undefined;
}>;


export type ExplorerMatrixQuery = { matrix: { version: string, roles: Array<string>, cells: Array<{ source: string, destination: string, flows: Array<{ key: string, source: string, destination: string, protocol: FlowProtocol, fromPort: number | null, toPort: number | null, component: string, notes: string }> }> } | null };

export type ExplorerProfilesQueryVariables = Exact<{ [key: string]: never; }>;


export type ExplorerProfilesQuery = { profiles: Array<{ name: string, version: string, resolvedVersion: string | null, description: string, revision: number }> };

export type ExplorerProfileQueryVariables = Exact<{
  name: string;
}>;


export type ExplorerProfileQuery = { profile: { name: string, description: string, version: string, resolvedVersion: string | null, revision: number, updatedAt: string, params: Array<{ name: string, value: string | number | boolean }>, addresses: Array<{ role: string, cidrs: Array<string>, securityGroupIds: Array<string>, tags: Array<string> }>, management: { cidrs: Array<string>, ports: Array<number> } | null } | null };

export type ExplorerProfileShapeQueryVariables = Exact<{
  version: string;
}>;


export type ExplorerProfileShapeQuery = { catalogs: Array<{ version: string, status: CatalogVersionStatus }>, catalog: { version: string, parameters: Array<{ name: string, type: ParameterType, values: Array<string>, default: string | number | boolean | null, description: string }>, roles: Array<{ key: string, name: string, kind: RoleKind }> } | null };

export type ExplorerPutProfileMutationVariables = Exact<{
  name: string;
  input: ProfileInput;
  expectedRevision?: number | null | undefined;
}>;


export type ExplorerPutProfileMutation = { putProfile: { name: string, revision: number } };

export type UpgradeChoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type UpgradeChoicesQuery = { catalogs: Array<{ version: string, status: CatalogVersionStatus }>, profiles: Array<{ name: string }>, artifactFormats: Array<{ format: string, description: string }> };

export type UpgradeVersionsQueryVariables = Exact<{
  from: string;
  to: string;
}>;


export type UpgradeVersionsQuery = { before: { version: string, roles: Array<{ key: string, name: string }>, parameters: Array<{ name: string, type: ParameterType, values: Array<string>, default: string | number | boolean | null, description: string }> } | null, after: { version: string, roles: Array<{ key: string, name: string }>, parameters: Array<{ name: string, type: ParameterType, values: Array<string>, default: string | number | boolean | null, description: string }> } | null };

export type UpgradeDiffQueryVariables = Exact<{
  from: string;
  to: string;
  profile?: string | null | undefined;
  fromRole?: string | null | undefined;
  toRole?: string | null | undefined;
  params?: Record<string, string | number | boolean> | null | undefined;
}>;


export type UpgradeDiffQuery = { diff: { from: string, to: string, added: Array<{ key: string, source: string, destination: string, protocol: FlowProtocol, fromPort: number | null, toPort: number | null, component: string, notes: string }>, removed: Array<{ key: string, source: string, destination: string, protocol: FlowProtocol, fromPort: number | null, toPort: number | null, component: string, notes: string }>, changed: Array<{ before: { key: string, source: string, destination: string, protocol: FlowProtocol, fromPort: number | null, toPort: number | null, component: string, notes: string }, after: { key: string, source: string, destination: string, protocol: FlowProtocol, fromPort: number | null, toPort: number | null, component: string, notes: string } }> } | null };

export type UpgradeChangeArtifactQueryVariables = Exact<{
  format: string;
  catalog: string;
  since: string;
  profile?: string | null | undefined;
  fromRole?: string | null | undefined;
  toRole?: string | null | undefined;
  params?: Record<string, string | number | boolean> | null | undefined;
}>;


export type UpgradeChangeArtifactQuery = { artifact: { content: string, fileName: string, contentType: string } | null };

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
export const ExplorerFlowFieldsFragmentDoc = new TypedDocumentString(`
    fragment ExplorerFlowFields on Flow {
  key
  source
  destination
  protocol
  fromPort
  toPort
  component
  notes
}
    `, {"fragmentName":"ExplorerFlowFields"}) as unknown as TypedDocumentString<ExplorerFlowFieldsFragment, unknown>;
export const ExplorerQuestionShapeFragmentDoc = new TypedDocumentString(`
    fragment ExplorerQuestionShape on CatalogVersion {
  roles {
    key
    name
  }
  parameters {
    name
    type
    values
    default
    description
  }
}
    `, {"fragmentName":"ExplorerQuestionShape"}) as unknown as TypedDocumentString<ExplorerQuestionShapeFragment, unknown>;
export const ExplorerExplainFlowDocument = new TypedDocumentString(`
    query ExplorerExplainFlow($key: String!, $catalog: String, $profile: String, $params: ParamsInput) {
  explainFlow(key: $key, catalog: $catalog, profile: $profile, params: $params) {
    key
    version
    applies
    condition {
      source
      canonical
      result
      parameters {
        name
        value
      }
    }
    rows {
      key
      applies
      row {
        component
        condition
      }
      condition {
        canonical
        result
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ExplorerExplainFlowQuery, ExplorerExplainFlowQueryVariables>;
export const ExplorerQuestionChoicesDocument = new TypedDocumentString(`
    query ExplorerQuestionChoices {
  catalogs {
    version
    status
  }
  profiles {
    name
    version
    resolvedVersion
    params {
      name
      value
    }
  }
}
    `) as unknown as TypedDocumentString<ExplorerQuestionChoicesQuery, ExplorerQuestionChoicesQueryVariables>;
export const ExplorerQuestionCatalogDocument = new TypedDocumentString(`
    query ExplorerQuestionCatalog($version: String!) {
  catalog(version: $version) {
    version
    ...ExplorerQuestionShape
  }
}
    fragment ExplorerQuestionShape on CatalogVersion {
  roles {
    key
    name
  }
  parameters {
    name
    type
    values
    default
    description
  }
}`) as unknown as TypedDocumentString<ExplorerQuestionCatalogQuery, ExplorerQuestionCatalogQueryVariables>;
export const ArtifactChoicesDocument = new TypedDocumentString(`
    query ArtifactChoices {
  catalogs {
    version
    status
  }
  profiles {
    name
    resolvedVersion
  }
  artifactFormats {
    format
    description
    contentType
    fileExtension
  }
}
    `) as unknown as TypedDocumentString<ArtifactChoicesQuery, ArtifactChoicesQueryVariables>;
export const ArtifactCatalogDocument = new TypedDocumentString(`
    query ArtifactCatalog($version: String!) {
  catalog(version: $version) {
    version
    ...ExplorerQuestionShape
  }
}
    fragment ExplorerQuestionShape on CatalogVersion {
  roles {
    key
    name
  }
  parameters {
    name
    type
    values
    default
    description
  }
}`) as unknown as TypedDocumentString<ArtifactCatalogQuery, ArtifactCatalogQueryVariables>;
export const ArtifactPreviewDocument = new TypedDocumentString(`
    query ArtifactPreview($format: String!, $catalog: String, $profile: String, $from: String, $to: String, $since: String, $params: ParamsInput) {
  artifact(
    format: $format
    catalog: $catalog
    profile: $profile
    from: $from
    to: $to
    since: $since
    params: $params
  ) {
    format
    content
    contentType
    fileName
  }
}
    `) as unknown as TypedDocumentString<ArtifactPreviewQuery, ArtifactPreviewQueryVariables>;
export const ExplorerDraftsDocument = new TypedDocumentString(`
    query ExplorerDrafts {
  catalogs {
    version
    title
    status
    parent
    updatedAt
    flowCount
    revision
  }
}
    `) as unknown as TypedDocumentString<ExplorerDraftsQuery, ExplorerDraftsQueryVariables>;
export const ExplorerDraftDocument = new TypedDocumentString(`
    query ExplorerDraft($version: String!) {
  catalog(version: $version) {
    version
    title
    status
    parent
    revision
    roles {
      key
    }
    flowDefinitions {
      key
      section
      source
      destination
      protocol
      ports
      condition
      component
      notes
      revision
    }
  }
  validateCatalog(version: $version) {
    valid
    problems {
      path
      message
    }
    warnings {
      path
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ExplorerDraftQuery, ExplorerDraftQueryVariables>;
export const ExplorerCreateDraftDocument = new TypedDocumentString(`
    mutation ExplorerCreateDraft($input: NewDraftInput!) {
  createCatalogVersion(input: $input) {
    version
    revision
  }
}
    `) as unknown as TypedDocumentString<ExplorerCreateDraftMutation, ExplorerCreateDraftMutationVariables>;
export const ExplorerUpdateFlowDocument = new TypedDocumentString(`
    mutation ExplorerUpdateFlow($version: String!, $key: String!, $input: FlowDefinitionInput!, $expectedRevision: Int) {
  updateFlow(
    version: $version
    key: $key
    input: $input
    expectedRevision: $expectedRevision
  ) {
    key
    revision
  }
}
    `) as unknown as TypedDocumentString<ExplorerUpdateFlowMutation, ExplorerUpdateFlowMutationVariables>;
export const ExplorerPublishDocument = new TypedDocumentString(`
    mutation ExplorerPublish($version: String!, $expectedRevision: Int) {
  publishCatalogVersion(version: $version, expectedRevision: $expectedRevision) {
    version
    status
    revision
  }
}
    `) as unknown as TypedDocumentString<ExplorerPublishMutation, ExplorerPublishMutationVariables>;
export const ExplorerFlowsDocument = new TypedDocumentString(`
    query ExplorerFlows($catalog: String, $profile: String, $from: String, $to: String, $params: ParamsInput) {
  flows(
    catalog: $catalog
    profile: $profile
    from: $from
    to: $to
    params: $params
  ) {
    ...ExplorerFlowFields
  }
}
    fragment ExplorerFlowFields on Flow {
  key
  source
  destination
  protocol
  fromPort
  toPort
  component
  notes
}`) as unknown as TypedDocumentString<ExplorerFlowsQuery, ExplorerFlowsQueryVariables>;
export const ExplorerMatrixDocument = new TypedDocumentString(`
    query ExplorerMatrix($catalog: String, $profile: String, $params: ParamsInput) {
  matrix(catalog: $catalog, profile: $profile, params: $params) {
    version
    roles
    cells {
      source
      destination
      flows {
        ...ExplorerFlowFields
      }
    }
  }
}
    fragment ExplorerFlowFields on Flow {
  key
  source
  destination
  protocol
  fromPort
  toPort
  component
  notes
}`) as unknown as TypedDocumentString<ExplorerMatrixQuery, ExplorerMatrixQueryVariables>;
export const ExplorerProfilesDocument = new TypedDocumentString(`
    query ExplorerProfiles {
  profiles {
    name
    version
    resolvedVersion
    description
    revision
  }
}
    `) as unknown as TypedDocumentString<ExplorerProfilesQuery, ExplorerProfilesQueryVariables>;
export const ExplorerProfileDocument = new TypedDocumentString(`
    query ExplorerProfile($name: String!) {
  profile(name: $name) {
    name
    description
    version
    resolvedVersion
    revision
    updatedAt
    params {
      name
      value
    }
    addresses {
      role
      cidrs
      securityGroupIds
      tags
    }
    management {
      cidrs
      ports
    }
  }
}
    `) as unknown as TypedDocumentString<ExplorerProfileQuery, ExplorerProfileQueryVariables>;
export const ExplorerProfileShapeDocument = new TypedDocumentString(`
    query ExplorerProfileShape($version: String!) {
  catalogs {
    version
    status
  }
  catalog(version: $version) {
    version
    parameters {
      name
      type
      values
      default
      description
    }
    roles {
      key
      name
      kind
    }
  }
}
    `) as unknown as TypedDocumentString<ExplorerProfileShapeQuery, ExplorerProfileShapeQueryVariables>;
export const ExplorerPutProfileDocument = new TypedDocumentString(`
    mutation ExplorerPutProfile($name: String!, $input: ProfileInput!, $expectedRevision: Int) {
  putProfile(name: $name, input: $input, expectedRevision: $expectedRevision) {
    name
    revision
  }
}
    `) as unknown as TypedDocumentString<ExplorerPutProfileMutation, ExplorerPutProfileMutationVariables>;
export const UpgradeChoicesDocument = new TypedDocumentString(`
    query UpgradeChoices {
  catalogs {
    version
    status
  }
  profiles {
    name
  }
  artifactFormats {
    format
    description
  }
}
    `) as unknown as TypedDocumentString<UpgradeChoicesQuery, UpgradeChoicesQueryVariables>;
export const UpgradeVersionsDocument = new TypedDocumentString(`
    query UpgradeVersions($from: String!, $to: String!) {
  before: catalog(version: $from) {
    version
    ...ExplorerQuestionShape
  }
  after: catalog(version: $to) {
    version
    ...ExplorerQuestionShape
  }
}
    fragment ExplorerQuestionShape on CatalogVersion {
  roles {
    key
    name
  }
  parameters {
    name
    type
    values
    default
    description
  }
}`) as unknown as TypedDocumentString<UpgradeVersionsQuery, UpgradeVersionsQueryVariables>;
export const UpgradeDiffDocument = new TypedDocumentString(`
    query UpgradeDiff($from: String!, $to: String!, $profile: String, $fromRole: String, $toRole: String, $params: ParamsInput) {
  diff(
    from: $from
    to: $to
    profile: $profile
    fromRole: $fromRole
    toRole: $toRole
    params: $params
  ) {
    from
    to
    added {
      key
      source
      destination
      protocol
      fromPort
      toPort
      component
      notes
    }
    removed {
      key
      source
      destination
      protocol
      fromPort
      toPort
      component
      notes
    }
    changed {
      before {
        key
        source
        destination
        protocol
        fromPort
        toPort
        component
        notes
      }
      after {
        key
        source
        destination
        protocol
        fromPort
        toPort
        component
        notes
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UpgradeDiffQuery, UpgradeDiffQueryVariables>;
export const UpgradeChangeArtifactDocument = new TypedDocumentString(`
    query UpgradeChangeArtifact($format: String!, $catalog: String!, $since: String!, $profile: String, $fromRole: String, $toRole: String, $params: ParamsInput) {
  artifact(
    format: $format
    catalog: $catalog
    since: $since
    profile: $profile
    from: $fromRole
    to: $toRole
    params: $params
  ) {
    content
    fileName
    contentType
  }
}
    `) as unknown as TypedDocumentString<UpgradeChangeArtifactQuery, UpgradeChangeArtifactQueryVariables>;
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