import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { NULL_ON_ERROR } from '../../common/graphql/null-on-error';
import { GraphQLRequestContext } from '../../common/graphql/response-cache';
import type { ExplainedRow, ResolvedFlow } from '../../core/flows';
import { asRoleNode, RoleKind, RoleModel } from '../catalogs/models/role.model';
import { CatalogSnapshotService } from '../catalogs/catalog-snapshot.service';
import { DiffArgs, ExplainFlowArgs, FlowArgs, FlowContextArgs, questionOf, ReverseLookupArgs } from './dto/flow.args';
import { FlowQueryService, type FlowContext } from './flow-query.service';
import { FlowDiffModel } from './models/flow-diff.model';
import { ExplainedRowModel, FlowExplanationModel, ReverseLookupModel } from './models/flow-lookup.model';
import { FlowMatrixModel } from './models/flow-matrix.model';
import { FlowModel, type FlowProtocol } from './models/flow.model';

@Resolver(() => FlowModel)
export class FlowResolver {
  constructor(
    private readonly flowQueries: FlowQueryService,
    private readonly snapshots: CatalogSnapshotService,
  ) {}

  @Query(() => [FlowModel], {
    nullable: true,
    description: `The flows from one role to another that apply under a profile and parameter values. ${NULL_ON_ERROR}`,
  })
  async flows(@Args() args: FlowArgs, @Context() request: GraphQLRequestContext): Promise<FlowModel[]> {
    const answer = await this.flowQueries.flows(questionOf(args));
    request.markAnswer(answer.immutable);
    return toFlowModels(answer.flows, answer.version);
  }

  @Query(() => FlowMatrixModel, {
    nullable: true,
    description: `Which flows from A to B, for every pair of roles. ${NULL_ON_ERROR}`,
  })
  async matrix(@Args() args: FlowContextArgs, @Context() request: GraphQLRequestContext): Promise<FlowMatrixModel> {
    const { version, immutable, data } = await this.flowQueries.matrix(context(args));
    request.markAnswer(immutable);
    const matrix = { version, ...data };
    return {
      ...matrix,
      roles: [...matrix.roles],
      cells: matrix.cells.map((cell) => ({ ...cell, flows: toFlowModels(cell.flows, matrix.version) })),
    };
  }

  @Query(() => ReverseLookupModel, {
    nullable: true,
    description: `Which roles must reach a role, on a port and protocol. ${NULL_ON_ERROR}`,
  })
  async reverseLookup(
    @Args() args: ReverseLookupArgs,
    @Context() request: GraphQLRequestContext,
  ): Promise<ReverseLookupModel> {
    const lookup = { to: args.to, port: args.port, protocol: args.protocol };
    const { version, immutable, data } = await this.flowQueries.whoMustReach(context(args), lookup);
    request.markAnswer(immutable);
    return { version, sources: [...data.sources], flows: toFlowModels(data.flows, version) };
  }

  @Query(() => FlowExplanationModel, {
    nullable: true,
    description: `Why a flow is or is not required. ${NULL_ON_ERROR}`,
  })
  async explainFlow(
    @Args() args: ExplainFlowArgs,
    @Context() request: GraphQLRequestContext,
  ): Promise<FlowExplanationModel> {
    const { version, immutable, data: explanation } = await this.flowQueries.explain(context(args), args.key);
    request.markAnswer(immutable);
    return {
      ...toExplainedRowModel(explanation),
      version,
      rows: explanation.rows.map(toExplainedRowModel),
      flows: toFlowModels(explanation.flows, version),
    };
  }

  @Query(() => FlowDiffModel, {
    nullable: true,
    description: `Flows added, removed and changed between two versions, matched by key. ${NULL_ON_ERROR}`,
  })
  async diff(@Args() args: DiffArgs, @Context() request: GraphQLRequestContext): Promise<FlowDiffModel> {
    const { immutable, data: diff } = await this.flowQueries.diff(args.from, args.to, {
      from: args.fromRole ?? undefined,
      to: args.toRole ?? undefined,
      profile: args.profile ?? undefined,
      params: args.params ?? undefined,
    });
    request.markAnswer(immutable);
    return {
      from: diff.from,
      to: diff.to,
      added: toFlowModels(diff.added, diff.to),
      removed: toFlowModels(diff.removed, diff.from),
      changed: diff.changed.map((change) => ({
        before: toFlowModel(change.before, diff.from),
        after: toFlowModel(change.after, diff.to),
      })),
    };
  }

  @ResolveField(() => RoleModel, { description: 'The source role, with the roles it includes' })
  sourceRole(@Parent() flow: FlowModel): Promise<RoleModel> {
    return this.role(flow.version, flow.source);
  }

  @ResolveField(() => RoleModel, { description: 'The destination role, with the roles it includes' })
  destinationRole(@Parent() flow: FlowModel): Promise<RoleModel> {
    return this.role(flow.version, flow.destination);
  }

  /** From the compiled version already in memory: nested roles cost no query. */
  private async role(version: string, key: string): Promise<RoleModel> {
    const snapshot = await this.snapshots.get(version);
    const role = snapshot.compiled.roles.get(key)!;
    return asRoleNode(
      {
        id: role.key,
        name: role.name,
        description: role.description,
        includes: [...role.includes],
        kind: role.kind as RoleKind,
        defaultCidrs: [...role.defaultCidrs],
      },
      snapshot.versionId,
    );
  }
}

function context(args: FlowContextArgs): FlowContext {
  const { catalog, profile, params } = questionOf(args);
  return { catalog, profile, params };
}

function toFlowModel(flow: ResolvedFlow, version: string): FlowModel {
  return {
    ...flow,
    protocol: flow.protocol as FlowProtocol,
    sections: [...flow.sections],
    rows: [...flow.rows],
    version,
  };
}

function toFlowModels(flows: readonly ResolvedFlow[], version: string): FlowModel[] {
  return flows.map((flow) => toFlowModel(flow, version));
}

/** GraphQL has no map type: a row's condition parameters become a list of bindings. */
function toExplainedRowModel(explained: ExplainedRow): ExplainedRowModel {
  return {
    key: explained.key,
    row: explained.row,
    applies: explained.applies,
    condition: {
      ...explained.condition,
      parameters: Object.entries(explained.condition.parameters).map(([name, value]) => ({ name, value })),
    },
  };
}
