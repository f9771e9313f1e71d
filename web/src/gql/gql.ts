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
    "\n  fragment ExplorerQuestionShape on CatalogVersion {\n    roles {\n      key\n      name\n    }\n    parameters {\n      name\n      type\n      values\n      default\n      description\n    }\n  }\n": typeof types.ExplorerQuestionShapeFragmentDoc,
    "\n  query ExplorerQuestionChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      version\n      resolvedVersion\n      params {\n        name\n        value\n      }\n    }\n  }\n": typeof types.ExplorerQuestionChoicesDocument,
    "\n  query ExplorerQuestionCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n": typeof types.ExplorerQuestionCatalogDocument,
    "\n  query ArtifactChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      resolvedVersion\n    }\n    artifactFormats {\n      format\n      description\n      contentType\n      fileExtension\n    }\n  }\n": typeof types.ArtifactChoicesDocument,
    "\n  query ArtifactCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n": typeof types.ArtifactCatalogDocument,
    "\n  query ArtifactPreview(\n    $format: String!\n    $catalog: String\n    $profile: String\n    $from: String\n    $to: String\n    $since: String\n    $params: ParamsInput\n  ) {\n    artifact(\n      format: $format\n      catalog: $catalog\n      profile: $profile\n      from: $from\n      to: $to\n      since: $since\n      params: $params\n    ) {\n      format\n      content\n      contentType\n      fileName\n    }\n  }\n": typeof types.ArtifactPreviewDocument,
    "\n  query ExplorerDrafts {\n    catalogs {\n      version\n      title\n      status\n      parent\n      updatedAt\n      flowCount\n      revision\n    }\n  }\n": typeof types.ExplorerDraftsDocument,
    "\n  query ExplorerDraft($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      parent\n      revision\n      roles {\n        key\n      }\n      flowDefinitions {\n        key\n        section\n        source\n        destination\n        protocol\n        ports\n        condition\n        component\n        notes\n        revision\n      }\n    }\n    validateCatalog(version: $version) {\n      valid\n      problems {\n        path\n        message\n      }\n      warnings {\n        path\n        message\n      }\n    }\n  }\n": typeof types.ExplorerDraftDocument,
    "\n  mutation ExplorerCreateDraft($input: NewDraftInput!) {\n    createCatalogVersion(input: $input) {\n      version\n      revision\n    }\n  }\n": typeof types.ExplorerCreateDraftDocument,
    "\n  mutation ExplorerUpdateFlow($version: String!, $key: String!, $input: FlowDefinitionInput!, $expectedRevision: Int) {\n    updateFlow(version: $version, key: $key, input: $input, expectedRevision: $expectedRevision) {\n      key\n      revision\n    }\n  }\n": typeof types.ExplorerUpdateFlowDocument,
    "\n  mutation ExplorerPublish($version: String!, $expectedRevision: Int) {\n    publishCatalogVersion(version: $version, expectedRevision: $expectedRevision) {\n      version\n      status\n      revision\n    }\n  }\n": typeof types.ExplorerPublishDocument,
    "\n  query ExplorerFlows($catalog: String, $profile: String, $from: String, $to: String, $params: ParamsInput) {\n    flows(catalog: $catalog, profile: $profile, from: $from, to: $to, params: $params) {\n      ...ExplorerFlowFields\n    }\n  }\n": typeof types.ExplorerFlowsDocument,
    "\n  query ExplorerMatrix($catalog: String, $profile: String, $params: ParamsInput) {\n    matrix(catalog: $catalog, profile: $profile, params: $params) {\n      version\n      roles\n      cells {\n        source\n        destination\n        flows {\n          ...ExplorerFlowFields\n        }\n      }\n    }\n  }\n": typeof types.ExplorerMatrixDocument,
    "\n  query ExplorerProfiles {\n    profiles {\n      name\n      version\n      resolvedVersion\n      description\n      revision\n    }\n  }\n": typeof types.ExplorerProfilesDocument,
    "\n  query ExplorerProfile($name: String!) {\n    profile(name: $name) {\n      name\n      description\n      version\n      resolvedVersion\n      revision\n      updatedAt\n      params {\n        name\n        value\n      }\n      addresses {\n        role\n        cidrs\n        securityGroupIds\n        tags\n      }\n      management {\n        cidrs\n        ports\n      }\n    }\n  }\n": typeof types.ExplorerProfileDocument,
    "\n  query ExplorerProfileShape($version: String!) {\n    catalogs {\n      version\n      status\n    }\n    catalog(version: $version) {\n      version\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n      roles {\n        key\n        name\n        kind\n      }\n    }\n  }\n": typeof types.ExplorerProfileShapeDocument,
    "\n  mutation ExplorerPutProfile($name: String!, $input: ProfileInput!, $expectedRevision: Int) {\n    putProfile(name: $name, input: $input, expectedRevision: $expectedRevision) {\n      name\n      revision\n    }\n  }\n": typeof types.ExplorerPutProfileDocument,
    "\n  query UpgradeChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n    }\n    artifactFormats {\n      format\n      description\n    }\n  }\n": typeof types.UpgradeChoicesDocument,
    "\n  query UpgradeVersions($from: String!, $to: String!) {\n    before: catalog(version: $from) {\n      version\n      ...ExplorerQuestionShape\n    }\n    after: catalog(version: $to) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n": typeof types.UpgradeVersionsDocument,
    "\n  query UpgradeDiff(\n    $from: String!\n    $to: String!\n    $profile: String\n    $fromRole: String\n    $toRole: String\n    $params: ParamsInput\n  ) {\n    diff(from: $from, to: $to, profile: $profile, fromRole: $fromRole, toRole: $toRole, params: $params) {\n      from\n      to\n      added {\n        key\n        source\n        destination\n        protocol\n        fromPort\n        toPort\n        component\n        notes\n      }\n      removed {\n        key\n        source\n        destination\n        protocol\n        fromPort\n        toPort\n        component\n        notes\n      }\n      changed {\n        before {\n          key\n          source\n          destination\n          protocol\n          fromPort\n          toPort\n          component\n          notes\n        }\n        after {\n          key\n          source\n          destination\n          protocol\n          fromPort\n          toPort\n          component\n          notes\n        }\n      }\n    }\n  }\n": typeof types.UpgradeDiffDocument,
    "\n  query UpgradeChangeArtifact(\n    $format: String!\n    $catalog: String!\n    $since: String!\n    $profile: String\n    $fromRole: String\n    $toRole: String\n    $params: ParamsInput\n  ) {\n    artifact(\n      format: $format\n      catalog: $catalog\n      since: $since\n      profile: $profile\n      from: $fromRole\n      to: $toRole\n      params: $params\n    ) {\n      content\n      fileName\n      contentType\n    }\n  }\n": typeof types.UpgradeChangeArtifactDocument,
    "\n  query ExplorerVersions {\n    catalogs {\n      version\n      title\n      status\n      createdAt\n      publishedAt\n      deprecatedAt\n      roleCount\n      parameterCount\n      flowCount\n    }\n  }\n": typeof types.ExplorerVersionsDocument,
    "\n  query ExplorerVersion($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      notes\n      roles {\n        key\n        name\n        kind\n        includes\n        description\n      }\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n    }\n    artifact(catalog: $version, format: \"svg\") {\n      content\n    }\n  }\n": typeof types.ExplorerVersionDocument,
};
const documents: Documents = {
    "\n  fragment ExplorerFlowFields on Flow {\n    key\n    source\n    destination\n    protocol\n    fromPort\n    toPort\n    component\n    notes\n  }\n": types.ExplorerFlowFieldsFragmentDoc,
    "\n  query ExplorerExplainFlow($key: String!, $catalog: String, $profile: String, $params: ParamsInput) {\n    explainFlow(key: $key, catalog: $catalog, profile: $profile, params: $params) {\n      key\n      version\n      applies\n      condition {\n        source\n        canonical\n        result\n        parameters {\n          name\n          value\n        }\n      }\n      rows {\n        key\n        applies\n        row {\n          component\n          condition\n        }\n        condition {\n          canonical\n          result\n        }\n      }\n    }\n  }\n": types.ExplorerExplainFlowDocument,
    "\n  fragment ExplorerQuestionShape on CatalogVersion {\n    roles {\n      key\n      name\n    }\n    parameters {\n      name\n      type\n      values\n      default\n      description\n    }\n  }\n": types.ExplorerQuestionShapeFragmentDoc,
    "\n  query ExplorerQuestionChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      version\n      resolvedVersion\n      params {\n        name\n        value\n      }\n    }\n  }\n": types.ExplorerQuestionChoicesDocument,
    "\n  query ExplorerQuestionCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n": types.ExplorerQuestionCatalogDocument,
    "\n  query ArtifactChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      resolvedVersion\n    }\n    artifactFormats {\n      format\n      description\n      contentType\n      fileExtension\n    }\n  }\n": types.ArtifactChoicesDocument,
    "\n  query ArtifactCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n": types.ArtifactCatalogDocument,
    "\n  query ArtifactPreview(\n    $format: String!\n    $catalog: String\n    $profile: String\n    $from: String\n    $to: String\n    $since: String\n    $params: ParamsInput\n  ) {\n    artifact(\n      format: $format\n      catalog: $catalog\n      profile: $profile\n      from: $from\n      to: $to\n      since: $since\n      params: $params\n    ) {\n      format\n      content\n      contentType\n      fileName\n    }\n  }\n": types.ArtifactPreviewDocument,
    "\n  query ExplorerDrafts {\n    catalogs {\n      version\n      title\n      status\n      parent\n      updatedAt\n      flowCount\n      revision\n    }\n  }\n": types.ExplorerDraftsDocument,
    "\n  query ExplorerDraft($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      parent\n      revision\n      roles {\n        key\n      }\n      flowDefinitions {\n        key\n        section\n        source\n        destination\n        protocol\n        ports\n        condition\n        component\n        notes\n        revision\n      }\n    }\n    validateCatalog(version: $version) {\n      valid\n      problems {\n        path\n        message\n      }\n      warnings {\n        path\n        message\n      }\n    }\n  }\n": types.ExplorerDraftDocument,
    "\n  mutation ExplorerCreateDraft($input: NewDraftInput!) {\n    createCatalogVersion(input: $input) {\n      version\n      revision\n    }\n  }\n": types.ExplorerCreateDraftDocument,
    "\n  mutation ExplorerUpdateFlow($version: String!, $key: String!, $input: FlowDefinitionInput!, $expectedRevision: Int) {\n    updateFlow(version: $version, key: $key, input: $input, expectedRevision: $expectedRevision) {\n      key\n      revision\n    }\n  }\n": types.ExplorerUpdateFlowDocument,
    "\n  mutation ExplorerPublish($version: String!, $expectedRevision: Int) {\n    publishCatalogVersion(version: $version, expectedRevision: $expectedRevision) {\n      version\n      status\n      revision\n    }\n  }\n": types.ExplorerPublishDocument,
    "\n  query ExplorerFlows($catalog: String, $profile: String, $from: String, $to: String, $params: ParamsInput) {\n    flows(catalog: $catalog, profile: $profile, from: $from, to: $to, params: $params) {\n      ...ExplorerFlowFields\n    }\n  }\n": types.ExplorerFlowsDocument,
    "\n  query ExplorerMatrix($catalog: String, $profile: String, $params: ParamsInput) {\n    matrix(catalog: $catalog, profile: $profile, params: $params) {\n      version\n      roles\n      cells {\n        source\n        destination\n        flows {\n          ...ExplorerFlowFields\n        }\n      }\n    }\n  }\n": types.ExplorerMatrixDocument,
    "\n  query ExplorerProfiles {\n    profiles {\n      name\n      version\n      resolvedVersion\n      description\n      revision\n    }\n  }\n": types.ExplorerProfilesDocument,
    "\n  query ExplorerProfile($name: String!) {\n    profile(name: $name) {\n      name\n      description\n      version\n      resolvedVersion\n      revision\n      updatedAt\n      params {\n        name\n        value\n      }\n      addresses {\n        role\n        cidrs\n        securityGroupIds\n        tags\n      }\n      management {\n        cidrs\n        ports\n      }\n    }\n  }\n": types.ExplorerProfileDocument,
    "\n  query ExplorerProfileShape($version: String!) {\n    catalogs {\n      version\n      status\n    }\n    catalog(version: $version) {\n      version\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n      roles {\n        key\n        name\n        kind\n      }\n    }\n  }\n": types.ExplorerProfileShapeDocument,
    "\n  mutation ExplorerPutProfile($name: String!, $input: ProfileInput!, $expectedRevision: Int) {\n    putProfile(name: $name, input: $input, expectedRevision: $expectedRevision) {\n      name\n      revision\n    }\n  }\n": types.ExplorerPutProfileDocument,
    "\n  query UpgradeChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n    }\n    artifactFormats {\n      format\n      description\n    }\n  }\n": types.UpgradeChoicesDocument,
    "\n  query UpgradeVersions($from: String!, $to: String!) {\n    before: catalog(version: $from) {\n      version\n      ...ExplorerQuestionShape\n    }\n    after: catalog(version: $to) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n": types.UpgradeVersionsDocument,
    "\n  query UpgradeDiff(\n    $from: String!\n    $to: String!\n    $profile: String\n    $fromRole: String\n    $toRole: String\n    $params: ParamsInput\n  ) {\n    diff(from: $from, to: $to, profile: $profile, fromRole: $fromRole, toRole: $toRole, params: $params) {\n      from\n      to\n      added {\n        key\n        source\n        destination\n        protocol\n        fromPort\n        toPort\n        component\n        notes\n      }\n      removed {\n        key\n        source\n        destination\n        protocol\n        fromPort\n        toPort\n        component\n        notes\n      }\n      changed {\n        before {\n          key\n          source\n          destination\n          protocol\n          fromPort\n          toPort\n          component\n          notes\n        }\n        after {\n          key\n          source\n          destination\n          protocol\n          fromPort\n          toPort\n          component\n          notes\n        }\n      }\n    }\n  }\n": types.UpgradeDiffDocument,
    "\n  query UpgradeChangeArtifact(\n    $format: String!\n    $catalog: String!\n    $since: String!\n    $profile: String\n    $fromRole: String\n    $toRole: String\n    $params: ParamsInput\n  ) {\n    artifact(\n      format: $format\n      catalog: $catalog\n      since: $since\n      profile: $profile\n      from: $fromRole\n      to: $toRole\n      params: $params\n    ) {\n      content\n      fileName\n      contentType\n    }\n  }\n": types.UpgradeChangeArtifactDocument,
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
export function graphql(source: "\n  fragment ExplorerQuestionShape on CatalogVersion {\n    roles {\n      key\n      name\n    }\n    parameters {\n      name\n      type\n      values\n      default\n      description\n    }\n  }\n"): typeof import('./graphql').ExplorerQuestionShapeFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerQuestionChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      version\n      resolvedVersion\n      params {\n        name\n        value\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerQuestionChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerQuestionCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n"): typeof import('./graphql').ExplorerQuestionCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArtifactChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n      resolvedVersion\n    }\n    artifactFormats {\n      format\n      description\n      contentType\n      fileExtension\n    }\n  }\n"): typeof import('./graphql').ArtifactChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArtifactCatalog($version: String!) {\n    catalog(version: $version) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n"): typeof import('./graphql').ArtifactCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArtifactPreview(\n    $format: String!\n    $catalog: String\n    $profile: String\n    $from: String\n    $to: String\n    $since: String\n    $params: ParamsInput\n  ) {\n    artifact(\n      format: $format\n      catalog: $catalog\n      profile: $profile\n      from: $from\n      to: $to\n      since: $since\n      params: $params\n    ) {\n      format\n      content\n      contentType\n      fileName\n    }\n  }\n"): typeof import('./graphql').ArtifactPreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerDrafts {\n    catalogs {\n      version\n      title\n      status\n      parent\n      updatedAt\n      flowCount\n      revision\n    }\n  }\n"): typeof import('./graphql').ExplorerDraftsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerDraft($version: String!) {\n    catalog(version: $version) {\n      version\n      title\n      status\n      parent\n      revision\n      roles {\n        key\n      }\n      flowDefinitions {\n        key\n        section\n        source\n        destination\n        protocol\n        ports\n        condition\n        component\n        notes\n        revision\n      }\n    }\n    validateCatalog(version: $version) {\n      valid\n      problems {\n        path\n        message\n      }\n      warnings {\n        path\n        message\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerDraftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerCreateDraft($input: NewDraftInput!) {\n    createCatalogVersion(input: $input) {\n      version\n      revision\n    }\n  }\n"): typeof import('./graphql').ExplorerCreateDraftDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerUpdateFlow($version: String!, $key: String!, $input: FlowDefinitionInput!, $expectedRevision: Int) {\n    updateFlow(version: $version, key: $key, input: $input, expectedRevision: $expectedRevision) {\n      key\n      revision\n    }\n  }\n"): typeof import('./graphql').ExplorerUpdateFlowDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerPublish($version: String!, $expectedRevision: Int) {\n    publishCatalogVersion(version: $version, expectedRevision: $expectedRevision) {\n      version\n      status\n      revision\n    }\n  }\n"): typeof import('./graphql').ExplorerPublishDocument;
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
export function graphql(source: "\n  query ExplorerProfiles {\n    profiles {\n      name\n      version\n      resolvedVersion\n      description\n      revision\n    }\n  }\n"): typeof import('./graphql').ExplorerProfilesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerProfile($name: String!) {\n    profile(name: $name) {\n      name\n      description\n      version\n      resolvedVersion\n      revision\n      updatedAt\n      params {\n        name\n        value\n      }\n      addresses {\n        role\n        cidrs\n        securityGroupIds\n        tags\n      }\n      management {\n        cidrs\n        ports\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExplorerProfileShape($version: String!) {\n    catalogs {\n      version\n      status\n    }\n    catalog(version: $version) {\n      version\n      parameters {\n        name\n        type\n        values\n        default\n        description\n      }\n      roles {\n        key\n        name\n        kind\n      }\n    }\n  }\n"): typeof import('./graphql').ExplorerProfileShapeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ExplorerPutProfile($name: String!, $input: ProfileInput!, $expectedRevision: Int) {\n    putProfile(name: $name, input: $input, expectedRevision: $expectedRevision) {\n      name\n      revision\n    }\n  }\n"): typeof import('./graphql').ExplorerPutProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UpgradeChoices {\n    catalogs {\n      version\n      status\n    }\n    profiles {\n      name\n    }\n    artifactFormats {\n      format\n      description\n    }\n  }\n"): typeof import('./graphql').UpgradeChoicesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UpgradeVersions($from: String!, $to: String!) {\n    before: catalog(version: $from) {\n      version\n      ...ExplorerQuestionShape\n    }\n    after: catalog(version: $to) {\n      version\n      ...ExplorerQuestionShape\n    }\n  }\n"): typeof import('./graphql').UpgradeVersionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UpgradeDiff(\n    $from: String!\n    $to: String!\n    $profile: String\n    $fromRole: String\n    $toRole: String\n    $params: ParamsInput\n  ) {\n    diff(from: $from, to: $to, profile: $profile, fromRole: $fromRole, toRole: $toRole, params: $params) {\n      from\n      to\n      added {\n        key\n        source\n        destination\n        protocol\n        fromPort\n        toPort\n        component\n        notes\n      }\n      removed {\n        key\n        source\n        destination\n        protocol\n        fromPort\n        toPort\n        component\n        notes\n      }\n      changed {\n        before {\n          key\n          source\n          destination\n          protocol\n          fromPort\n          toPort\n          component\n          notes\n        }\n        after {\n          key\n          source\n          destination\n          protocol\n          fromPort\n          toPort\n          component\n          notes\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').UpgradeDiffDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UpgradeChangeArtifact(\n    $format: String!\n    $catalog: String!\n    $since: String!\n    $profile: String\n    $fromRole: String\n    $toRole: String\n    $params: ParamsInput\n  ) {\n    artifact(\n      format: $format\n      catalog: $catalog\n      since: $since\n      profile: $profile\n      from: $fromRole\n      to: $toRole\n      params: $params\n    ) {\n      content\n      fileName\n      contentType\n    }\n  }\n"): typeof import('./graphql').UpgradeChangeArtifactDocument;
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
