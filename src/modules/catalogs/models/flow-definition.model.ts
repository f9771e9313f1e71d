import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { formatFlowPorts } from '../../../core/catalog/catalog-document';
import type { FlowDefinition } from '../../../core/catalog/catalog-definition';
import { CatalogProblemModel } from './catalog-problem.model';

@ObjectType('CatalogRow', { description: 'A flow as the catalog writes it' })
export class CatalogRowModel {
  @Field({ description: 'The role that connects' })
  @ApiProperty()
  source!: string;

  @Field({ description: 'The role that is reached' })
  @ApiProperty()
  destination!: string;

  @Field({ description: 'tcp, udp, tcp/udp or ipip' })
  @ApiProperty({ example: 'tcp/udp' })
  protocol!: string;

  @Field({ description: '"443", "30000-32767", "${parameter}", or "" for ipip' })
  @ApiProperty({ example: '53' })
  ports!: string;

  @Field(() => String, { nullable: true, description: 'When the flow applies, e.g. cni == "calico"; null: always' })
  @ApiProperty({ type: String, nullable: true, example: '!airGap' })
  condition!: string | null;

  @Field({ description: 'The component that needs the connection, e.g. "Kubelet API"' })
  @ApiProperty()
  component!: string;

  @Field({ description: 'Free text for the people who open the firewall' })
  @ApiProperty()
  notes!: string;

  @Field({ description: 'The section of the Network Access document the row comes from' })
  @ApiProperty()
  section!: string;
}

@ObjectType('FlowDefinition', {
  description: 'A flow as the catalog writes it, with its key and revision (a tcp/udp row yields two flows in queries)',
})
export class FlowDefinitionModel extends CatalogRowModel {
  @Field({ description: 'Stable across versions: a diff matches flows by key' })
  @ApiProperty({ example: 'kubelet-api' })
  key!: string;

  @Field(() => Int, { description: 'One more on each change; send it (If-Match or revision) to write conditionally' })
  @ApiProperty()
  revision!: number;
}

export function toFlowDefinitionModel(flow: FlowDefinition, revision: number): FlowDefinitionModel {
  return {
    key: flow.key,
    source: flow.source,
    destination: flow.destination,
    protocol: flow.protocol,
    ports: formatFlowPorts(flow.ports),
    condition: flow.condition,
    component: flow.component,
    notes: flow.notes,
    section: flow.section,
    revision,
  };
}

export class FlowDefinitionListModel {
  @ApiProperty({ type: [FlowDefinitionModel], description: 'In catalog order' })
  flows!: FlowDefinitionModel[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null at the end' })
  nextCursor!: string | null;
}

@ObjectType('FlowDefinitionChange', { description: 'A flow an import changes, before and after' })
export class FlowDefinitionChangeModel {
  @Field(() => FlowDefinitionModel, { description: 'The flow as the draft has it now' })
  @ApiProperty({ type: FlowDefinitionModel })
  before!: FlowDefinitionModel;

  @Field(() => FlowDefinitionModel, { description: 'The flow as the import writes it' })
  @ApiProperty({ type: FlowDefinitionModel })
  after!: FlowDefinitionModel;
}

@ObjectType('FlowImportPreview', { description: 'What importing flow tables changes (or would, on a dry run)' })
export class FlowImportPreview {
  @Field({ description: 'true: nothing was written' })
  @ApiProperty()
  dryRun!: boolean;

  @Field(() => [FlowDefinitionModel], { description: 'Flows the tables add' })
  @ApiProperty({ type: [FlowDefinitionModel], description: 'revision is 0: not yet written, or written at 1' })
  added!: FlowDefinitionModel[];

  @Field(() => [FlowDefinitionChangeModel], { description: 'Flows the tables change, matched by key' })
  @ApiProperty({ type: [FlowDefinitionChangeModel] })
  changed!: FlowDefinitionChangeModel[];

  @Field(() => [FlowDefinitionModel], { description: 'Flows the import deletes (mode replace only)' })
  @ApiProperty({ type: [FlowDefinitionModel] })
  removed!: FlowDefinitionModel[];

  @Field(() => [CatalogProblemModel], {
    description:
      'Rows read, but worth a look: a row repeating another one (kept under another component, folded under the same)',
  })
  @ApiProperty({
    type: [CatalogProblemModel],
    description:
      'Rows read, but worth a look: a row repeating another one (kept under another component, folded under the same)',
  })
  warnings!: CatalogProblemModel[];
}
