import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { FlowModel } from './flow.model';

@ObjectType('FlowChange', { description: 'A flow both versions require, as each has it' })
export class FlowChangeModel {
  @Field(() => FlowModel, { description: 'The flow in the version upgraded from' })
  @ApiProperty({ type: FlowModel })
  before!: FlowModel;

  @Field(() => FlowModel, { description: 'The flow in the version upgraded to' })
  @ApiProperty({ type: FlowModel })
  after!: FlowModel;
}

@ObjectType('FlowDiff', { description: 'Flows added, removed and changed between two versions (matched by key)' })
export class FlowDiffModel {
  @Field({ description: 'The version compared from' })
  @ApiProperty({ example: '1.30.0' })
  from!: string;

  @Field({ description: 'The version compared to' })
  @ApiProperty({ example: '1.31.0' })
  to!: string;

  @Field(() => [FlowModel], { description: 'Flows only the version upgraded to requires' })
  @ApiProperty({ type: [FlowModel] })
  added!: FlowModel[];

  @Field(() => [FlowModel], { description: 'Flows only the version upgraded from requires' })
  @ApiProperty({ type: [FlowModel] })
  removed!: FlowModel[];

  @Field(() => [FlowChangeModel], { description: 'Flows both require, with different ports, protocol or roles' })
  @ApiProperty({ type: [FlowChangeModel] })
  changed!: FlowChangeModel[];
}
