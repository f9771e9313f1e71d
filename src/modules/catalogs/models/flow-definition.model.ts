import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { formatFlowPorts } from '../../../core/catalog/catalog-document';
import type { FlowDefinition } from '../../../core/catalog/catalog-definition';

@ObjectType('FlowDefinition', {
  description: 'A flow as the catalog writes it (one row; a tcp/udp row yields two flows in queries)',
})
export class FlowDefinitionModel {
  @Field({ description: 'Stable across versions: a diff matches flows by key' })
  @ApiProperty({ example: 'kubelet-api' })
  key!: string;

  @Field()
  @ApiProperty({ example: 'node' })
  source!: string;

  @Field()
  @ApiProperty({ example: 'node' })
  destination!: string;

  @Field({ description: 'tcp, udp, tcp/udp or ipip' })
  @ApiProperty({ enum: ['tcp', 'udp', 'tcp/udp', 'ipip'] })
  protocol!: string;

  @Field(() => String, { nullable: true, description: '"443", "30000-32767", "${nodePortRange}"; null for ipip' })
  @ApiProperty({ type: String, nullable: true, example: '10250' })
  ports!: string | null;

  @Field(() => String, { nullable: true, description: 'null: the flow always applies' })
  @ApiProperty({ type: String, nullable: true, example: 'cni == "calico"' })
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
    ports: flow.ports.kind === 'none' ? null : formatFlowPorts(flow.ports),
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
