import type { FlowTableVocabulary } from './flow-tables';

/**
 * How Kublr's "Network Access" document names roles and conditions that the Kublr catalog
 * (prisma/seed/kublr-network-access.catalog.yaml) spells differently; the wording is the
 * document's, the targets are the catalog's. Everything else in the document's tables is
 * read by parseFlowTables' built-in matching (role names, "Canal (default)" -> cni,
 * "non-air-gap deployment" -> !airGap).
 */
export const KUBLR_TABLE_VOCABULARY: FlowTableVocabulary = Object.freeze({
  roles: Object.freeze({
    'Managed Clusters’ K8S API': 'master',
    'Managed Clusters’ Masters': 'master',
  }),
  conditions: Object.freeze({
    'Bring-your-own-infrastructure': 'byoInfrastructure',
    'master LB': 'masterLoadBalancer',
    'ingress LB': 'ingressLoadBalancer',
  }),
});
