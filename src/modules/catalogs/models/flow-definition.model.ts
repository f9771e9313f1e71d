import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { formatFlowPorts } from '../../../core/catalog/catalog-document';
import type { FlowDefinition } from '../../../core/catalog/catalog-definition';

@ObjectType('CatalogRow', { description: 'A flow as the catalog writes it' })
export class CatalogRowModel {
  @Field()
  @ApiProperty()
  source!: string;

  @Field()
  @ApiProperty()
  destination!: string;

  @Field({ description: 'tcp, udp, tcp/udp or ipip' })
  @ApiProperty({ example: 'tcp/udp' })
  protocol!: string;

  @Field({ description: '"443", "30000-32767", "${parameter}", or "" for ipip' })
  @ApiProperty({ example: '53' })
  ports!: string;

  @Field(() => String, { nullable: true })
  @ApiProperty({ type: String, nullable: true, example: '!airGap' })
  condition!: string | null;

  @Field()
  @ApiProperty()
  component!: string;

  @Field()
  @ApiProperty()
  notes!: string;

  @Field()
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

@ObjectType('FlowDefinitionChange')
export class FlowDefinitionChangeModel {
  @Field(() => FlowDefinitionModel)
  @ApiProperty({ type: FlowDefinitionModel })
  before!: FlowDefinitionModel;

  @Field(() => FlowDefinitionModel)
  @ApiProperty({ type: FlowDefinitionModel })
  after!: FlowDefinitionModel;
}

@ObjectType('FlowImportPreview', { description: 'What importing flow tables changes (or would, on a dry run)' })
export class FlowImportPreview {
  @Field({ description: 'true: nothing was written' })
  @ApiProperty()
  dryRun!: boolean;

  @Field(() => [FlowDefinitionModel])
  @ApiProperty({ type: [FlowDefinitionModel], description: 'revision is 0: not yet written, or written at 1' })
  added!: FlowDefinitionModel[];

  @Field(() => [FlowDefinitionChangeModel])
  @ApiProperty({ type: [FlowDefinitionChangeModel] })
  changed!: FlowDefinitionChangeModel[];

  @Field(() => [FlowDefinitionModel])
  @ApiProperty({ type: [FlowDefinitionModel] })
  removed!: FlowDefinitionModel[];
}
