import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { FlowModel } from './flow.model';

@ObjectType('FlowMatrixCell', { description: 'The flows from one role to another' })
export class FlowMatrixCellModel {
  @Field({ description: 'The role that connects' })
  @ApiProperty()
  source!: string;

  @Field({ description: 'The role reached' })
  @ApiProperty()
  destination!: string;

  @Field(() => [FlowModel], { description: 'The flows from source to destination' })
  @ApiProperty({ type: [FlowModel] })
  flows!: FlowModel[];
}

@ObjectType('FlowMatrix', { description: 'Which flows from A to B, for every pair of roles' })
export class FlowMatrixModel {
  @Field({ description: 'The catalog version that answered' })
  @ApiProperty({ example: '1.30.0' })
  version!: string;

  @Field(() => [String], { description: 'Every role, in catalog order' })
  @ApiProperty({ type: [String] })
  roles!: string[];

  @Field(() => [FlowMatrixCellModel], { description: 'The pairs with at least one flow' })
  @ApiProperty({ type: [FlowMatrixCellModel] })
  cells!: FlowMatrixCellModel[];
}
