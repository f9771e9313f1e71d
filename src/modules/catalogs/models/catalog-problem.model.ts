import { Field, ObjectType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

@ObjectType('CatalogProblem', { description: 'One thing wrong with a catalog, located by a path' })
export class CatalogProblemModel {
  @Field({ description: 'JSON-pointer-like path into the document, e.g. "/flows/3/ports"' })
  @ApiProperty({ example: '/flows/3/ports' })
  path!: string;

  @Field({ description: 'What is wrong there' })
  @ApiProperty()
  message!: string;
}
