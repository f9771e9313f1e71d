import { RendererRegistry } from './renderer-registry';
import { AwsCloudFormationRenderer } from './renderers/aws-cloudformation.renderer';
import { AwsTerraformRenderer } from './renderers/aws-terraform.renderer';
import { AzureTerraformRenderer } from './renderers/azure-terraform.renderer';
import { CalicoRenderer } from './renderers/calico.renderer';
import { CheckScriptRenderer } from './renderers/check-script.renderer';
import { CsvRenderer } from './renderers/csv.renderer';
import { DotRenderer } from './renderers/dot.renderer';
import { GcpTerraformRenderer } from './renderers/gcp-terraform.renderer';
import { HtmlRenderer } from './renderers/html.renderer';
import { Ip6tablesRenderer, IptablesRenderer } from './renderers/iptables.renderer';
import { JiraRenderer } from './renderers/jira.renderer';
import { JsonRenderer } from './renderers/json.renderer';
import { MarkdownRenderer } from './renderers/markdown.renderer';
import { NftablesRenderer } from './renderers/nftables.renderer';
import { SvgRenderer } from './renderers/svg.renderer';
import { YamlRenderer } from './renderers/yaml.renderer';

/**
 * Every artifact format, one line each. A new format is one file under renderers/ and
 * one line here; the registry refuses two renderers with the same format. Building it is
 * asynchronous only because the SVG renderer loads Graphviz (WebAssembly) once, up front,
 * so that every render stays synchronous.
 */
export async function createRenderers(): Promise<RendererRegistry> {
  return new RendererRegistry([
    new JsonRenderer(),
    new YamlRenderer(),
    new CsvRenderer(),
    new MarkdownRenderer(),
    new HtmlRenderer(),
    new IptablesRenderer(),
    new Ip6tablesRenderer(),
    new NftablesRenderer(),
    new CheckScriptRenderer(),
    new AwsTerraformRenderer(),
    new AwsCloudFormationRenderer(),
    new AzureTerraformRenderer(),
    new GcpTerraformRenderer(),
    new CalicoRenderer(),
    new JiraRenderer(),
    new DotRenderer(),
    await SvgRenderer.create(),
  ]);
}
