import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { FlowModel } from './flow.model';

@ObjectType('FlowChange')
export class FlowChangeModel {
  @Field(() => FlowModel)
  @ApiProperty({ type: FlowModel })
  before!: FlowModel;

  @Field(() => FlowModel)
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

  @Field(() => [FlowModel])
  @ApiProperty({ type: [FlowModel] })
  added!: FlowModel[];

  @Field(() => [FlowModel])
  @ApiProperty({ type: [FlowModel] })
  removed!: FlowModel[];

  @Field(() => [FlowChangeModel])
  @ApiProperty({ type: [FlowChangeModel] })
  changed!: FlowChangeModel[];
}
