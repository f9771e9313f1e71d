import { Field, InputType } from '@nestjs/graphql';
import { Allow } from 'class-validator';
import { ParameterValueScalar } from '../../../common/graphql/parameter-value.scalar';
import { ParameterType } from '../models/parameter.model';
import { RoleKind } from '../models/role.model';

/*
 * The GraphQL forms of a catalog row. Their fields are those of the catalog document, and
 * the service checks them with the document's JSON Schema and rules, exactly as it checks
 * a REST body; so every field is optional here (and only @Allow()ed past the global pipe)
 * and a missing or wrong one is reported by the document's rules, by name.
 */

@InputType('RoleInput', { description: 'A role as the catalog document writes it' })
export class RoleInput {
  @Allow()
  @Field(() => String, { nullable: true, description: 'Role id, e.g. "worker"; on update, a new id renames it' })
  id?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'A name for people, e.g. "Master"' })
  name?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'What the role stands for' })
  description?: string | null;

  @Allow()
  @Field(() => [String], { nullable: true, description: 'Ids of the roles this one stands for as well' })
  includes?: string[] | null;

  @Allow()
  @Field(() => RoleKind, { nullable: true, description: 'What kind of endpoint the role is; host when omitted' })
  kind?: RoleKind | null;

  @Allow()
  @Field(() => [String], {
    nullable: true,
    description: 'External roles: the networks assumed when a profile gives the role none',
  })
  defaultCidrs?: string[] | null;
}

@InputType('ParameterInput', { description: 'A parameter as the catalog document writes it' })
export class ParameterInput {
  @Allow()
  @Field(() => String, {
    nullable: true,
    description: 'The parameter\'s name, as conditions and queries write it, e.g. "cni"',
  })
  name?: string | null;

  @Allow()
  @Field(() => ParameterType, { nullable: true, description: 'The type of its values' })
  type?: ParameterType | null;

  @Allow()
  @Field(() => [String], { nullable: true, description: 'Allowed values of an enum parameter' })
  values?: string[] | null;

  @Allow()
  @Field(() => ParameterValueScalar, {
    nullable: true,
    name: 'default',
    description: 'The value when a profile or question gives none',
  })
  default?: string | number | boolean | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'What the parameter means' })
  description?: string | null;
}

@InputType('FlowDefinitionInput', { description: 'A flow as the catalog document writes it' })
export class FlowDefinitionInput {
  @Allow()
  @Field(() => String, { nullable: true, description: 'Stable key; derived from the flow when absent' })
  key?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'The role that connects' })
  source?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'The role that is reached' })
  destination?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'tcp, udp, tcp/udp or ipip' })
  protocol?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: '"443", "30000-32767" or "${parameter}"; none for ipip' })
  ports?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'e.g. cni == "calico"; none: the flow always applies' })
  condition?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'The component that needs the connection, e.g. "Kubelet API"' })
  component?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'Free text for the people who open the firewall' })
  notes?: string | null;

  @Allow()
  @Field(() => String, { nullable: true, description: 'The section of the Network Access document the row belongs to' })
  section?: string | null;
}
