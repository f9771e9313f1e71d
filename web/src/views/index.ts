import type { ComponentType } from 'preact';
import { ArtifactsView } from './artifacts';
import { DraftsView } from './drafts';
import { FlowsView } from './flows';
import { MatrixView } from './matrix';
import { ProfilesView } from './profiles';
import { UpgradeView } from './upgrade';
import { VersionsView } from './versions';

/** A view: the paths it answers (the first is the one the menu links to) and its menu title. */
export interface View {
  readonly paths: readonly string[];
  readonly title: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- preact-iso passes route params as props
  readonly component: ComponentType<any>;
}

/**
 * Every view, in menu order. The server answers the page for each first path segment in
 * src/modules/web/spa-routes.ts; test/web-explorer.e2e-spec.ts keeps the two lists equal.
 */
export const VIEWS: readonly View[] = [
  { paths: ['/', '/versions', '/versions/:version'], title: 'Versions', component: VersionsView },
  { paths: ['/flows'], title: 'Flows', component: FlowsView },
  { paths: ['/matrix'], title: 'Matrix', component: MatrixView },
  { paths: ['/upgrade'], title: 'Upgrade', component: UpgradeView },
  { paths: ['/artifacts'], title: 'Artifacts', component: ArtifactsView },
  { paths: ['/profiles', '/profiles/:name'], title: 'Profiles', component: ProfilesView },
  { paths: ['/drafts', '/drafts/:version'], title: 'Drafts', component: DraftsView },
];
