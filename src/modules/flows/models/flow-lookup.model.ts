import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { ParameterValueScalar } from '../../../common/graphql/parameter-value.scalar';
import { CatalogRowModel } from '../../catalogs/models/flow-definition.model';
import { FlowModel } from './flow.model';

@ObjectType('ReverseLookup', { description: 'The roles that must reach a role (on a port)' })
export class ReverseLookupModel {
  @Field({ description: 'The catalog version that answered' })
  @ApiProperty({ example: '1.30.0' })
  version!: string;

  @Field(() => [String], { description: 'The roles those flows come from' })
  @ApiProperty({ type: [String], example: ['kcp', 'worker'] })
  sources!: string[];

  @Field(() => [FlowModel], { description: 'The flows that reach the role' })
  @ApiProperty({ type: [FlowModel] })
  flows!: FlowModel[];
}

@ObjectType('ParameterBinding', { description: 'A parameter and the value a question used' })
export class ParameterBindingModel {
  @Field({ description: "The parameter's name" })
  @ApiProperty()
  name!: string;

  @Field(() => ParameterValueScalar, { description: 'The value the question used' })
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'number' }] })
  value!: string | number | boolean;
}

@ObjectType('ConditionEvaluation', { description: "A flow's condition and what it evaluates to" })
export class ConditionEvaluationModel {
  @Field(() => String, { nullable: true, description: 'As written; null when the row always applies' })
  @ApiProperty({ type: String, nullable: true })
  source!: string | null;

  @Field({ description: 'The condition as the service writes it; empty: always' })
  @ApiProperty()
  canonical!: string;

  @Field(() => [ParameterBindingModel], { description: 'The values of the parameters the condition reads' })
  @ApiProperty({ type: [ParameterBindingModel] })
  parameters!: ParameterBindingModel[];

  @Field({ description: 'What it evaluates to under the values' })
  @ApiProperty()
  result!: boolean;
}

@ObjectType('ExplainedRow', { description: 'A catalog row, its condition and what that evaluated to' })
export class ExplainedRowModel {
  @Field({ description: 'The catalog row key' })
  @ApiProperty()
  key!: string;

  @Field(() => CatalogRowModel, { description: 'The catalog row' })
  @ApiProperty({ type: CatalogRowModel })
  row!: CatalogRowModel;

  @Field(() => ConditionEvaluationModel, { description: "The row's condition and how it evaluates" })
  @ApiProperty({ type: ConditionEvaluationModel })
  condition!: ConditionEvaluationModel;

  @Field({ description: "True when the row yields flows under the question's values" })
  @ApiProperty()
  applies!: boolean;
}

@ObjectType('FlowExplanation', {
  description: 'Why a flow is (or is not) required: the first row asked about, and every row behind the flows',
})
export class FlowExplanationModel {
  @Field({ description: 'The catalog version that answered' })
  @ApiProperty()
  version!: string;

  @Field({ description: 'The catalog row key' })
  @ApiProperty()
  key!: string;

  @Field(() => CatalogRowModel, { description: 'The catalog row the flow comes from' })
  @ApiProperty({ type: CatalogRowModel })
  row!: CatalogRowModel;

  @Field(() => ConditionEvaluationModel, { description: "The row's condition and how it evaluates" })
  @ApiProperty({ type: ConditionEvaluationModel })
  condition!: ConditionEvaluationModel;

  @Field({ description: "True when the flow is required under the question's values" })
  @ApiProperty()
  applies!: boolean;

  @Field(() => [ExplainedRowModel], {
    description:
      'Every row behind the flows, in catalog order: those asked about and those merged with them (one port under several components)',
  })
  @ApiProperty({ type: [ExplainedRowModel] })
  rows!: ExplainedRowModel[];

  @Field(() => [FlowModel], {
    description:
      'The flows the rows stand for under these values, as the flow query answers them (merged where identical)',
  })
  @ApiProperty({ type: [FlowModel] })
  flows!: FlowModel[];
}
