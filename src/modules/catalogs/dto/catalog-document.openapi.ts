import { catalogDocumentSchema } from '../../../core/catalog/catalog-document.schema';
import { toOpenApiSchema } from '../../../common/openapi/json-schema-to-openapi';

const { definitions } = catalogDocumentSchema;

/** The catalog document's JSON Schema in OpenAPI 3.0 terms, as `components.schemas.CatalogDocument`. */
export const CATALOG_DOCUMENT_COMPONENTS = {
  CatalogDocument: toOpenApiSchema(catalogDocumentSchema, definitions),
};

export const CATALOG_DOCUMENT_REF = { $ref: '#/components/schemas/CatalogDocument' };

/** The schema of one role, parameter or flow of a document, as the row endpoints take it. */
export const CATALOG_ITEM_SCHEMAS = {
  role: toOpenApiSchema(catalogDocumentSchema.properties.roles.items, definitions),
  parameter: toOpenApiSchema(catalogDocumentSchema.properties.parameters.items, definitions),
  flow: toOpenApiSchema(catalogDocumentSchema.properties.flows.items, definitions),
};

/** The `{version}` path parameter of the catalog endpoints. */
export const VERSION_PARAM = {
  name: 'version',
  description: 'A version label such as "1.30.0", or "latest" (the published version with the highest label)',
  schema: { type: 'string', example: 'latest' },
};
