import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';

export enum FlowProtocol {
  tcp = 'tcp',
  udp = 'udp',
  ipip = 'ipip',
}
registerEnumType(FlowProtocol, {
  name: 'FlowProtocol',
  description: 'tcp, udp, or ipip (IP-in-IP, IP protocol 4)',
  valuesMap: {
    tcp: { description: 'TCP, IP protocol 6' },
    udp: { description: 'UDP, IP protocol 17' },
    ipip: { description: 'IP-in-IP, IP protocol 4; no ports' },
  },
});

@ObjectType('Flow', { description: 'One required connection under the parameter values of a query' })
export class FlowModel {
  /** The catalog version the flow was resolved from (for nested fields); not exposed. */
  version!: string;

  @Field({ description: 'Stable across versions: the catalog row key, with /tcp or /udp for a tcp/udp row' })
  @ApiProperty({ example: 'node-internet-dns/udp' })
  key!: string;

  @Field({ description: 'Source role id as written in the catalog' })
  @ApiProperty({ example: 'node' })
  source!: string;

  @Field({ description: 'Destination role id as written in the catalog' })
  @ApiProperty({ example: 'internet' })
  destination!: string;

  @Field(() => FlowProtocol, { description: 'tcp, udp or ipip' })
  @ApiProperty({ enum: FlowProtocol, enumName: 'FlowProtocol' })
  protocol!: FlowProtocol;

  @Field(() => Int, { description: 'IANA protocol number: 6 tcp, 17 udp, 4 IP-in-IP' })
  @ApiProperty({ example: 17 })
  ipProtocolNumber!: number;

  @Field(() => Int, { nullable: true, description: 'The first port; null for protocols without ports' })
  @ApiProperty({ type: Number, nullable: true, example: 53 })
  fromPort!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The last port (equal to fromPort for one port); null for protocols without ports',
  })
  @ApiProperty({ type: Number, nullable: true, example: 53 })
  toPort!: number | null;

  @Field({ description: 'The component that needs the connection, e.g. "Kubelet API"' })
  @ApiProperty({ example: 'DNS' })
  component!: string;

  @Field({ description: 'Free text for the people who open the firewall' })
  @ApiProperty()
  notes!: string;

  @Field(() => [String], { description: 'Sections of the source document the flow comes from' })
  @ApiProperty({ type: [String], example: ['Table 4. Other'] })
  sections!: string[];

  @Field(() => [String], { description: 'Keys of the catalog rows behind the flow' })
  @ApiProperty({ type: [String], example: ['node-internet-dns'] })
  rows!: string[];
}

export class FlowListModel {
  @ApiProperty({ type: [FlowModel] })
  flows!: FlowModel[];
}
