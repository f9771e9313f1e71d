import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ParameterValueScalar } from '../../../common/graphql/parameter-value.scalar';
import { CatalogRowModel } from '../../catalogs/models/flow-definition.model';
import { FlowModel } from './flow.model';

@ObjectType('ReverseLookup', { description: 'The roles that must reach a role (on a port)' })
export class ReverseLookupModel {
  @Field()
  @ApiProperty({ example: '1.30.0' })
  version!: string;

  @Field(() => [String])
  @ApiProperty({ type: [String], example: ['kcp', 'worker'] })
  sources!: string[];

  @Field(() => [FlowModel])
  @ApiProperty({ type: [FlowModel] })
  flows!: FlowModel[];
}

@ObjectType('ParameterBinding', { description: 'A parameter and the value a question used' })
export class ParameterBindingModel {
  @Field()
  @ApiProperty()
  name!: string;

  @Field(() => ParameterValueScalar)
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'number' }] })
  value!: string | number | boolean;
}

@ObjectType('ConditionEvaluation')
export class ConditionEvaluationModel {
  @Field(() => String, { nullable: true, description: 'As written; null when the row always applies' })
  @ApiProperty({ type: String, nullable: true })
  source!: string | null;

  @Field()
  @ApiProperty()
  canonical!: string;

  @Field(() => [ParameterBindingModel], { description: 'The values of the parameters the condition reads' })
  @ApiProperty({ type: [ParameterBindingModel] })
  parameters!: ParameterBindingModel[];

  @Field()
  @ApiProperty()
  result!: boolean;
}

@ObjectType('FlowExplanation', { description: 'Why a flow is (or is not) required' })
export class FlowExplanationModel {
  @Field()
  @ApiProperty()
  version!: string;

  @Field({ description: 'The catalog row key' })
  @ApiProperty()
  key!: string;

  @Field(() => CatalogRowModel)
  @ApiProperty({ type: CatalogRowModel })
  row!: CatalogRowModel;

  @Field(() => ConditionEvaluationModel)
  @ApiProperty({ type: ConditionEvaluationModel })
  condition!: ConditionEvaluationModel;

  @Field()
  @ApiProperty()
  applies!: boolean;

  @Field(() => [FlowModel], { description: 'The flows the row stands for under these values' })
  @ApiProperty({ type: [FlowModel] })
  flows!: FlowModel[];
}
