// index.ts: the bundle's entry. It defines one custom element per page (psp-page-<id>, the ids
// the manifest lists) and exports mount(), which a host calls to show a page with its bridge.
import type { Bridge } from './bridge.js';
import type { PspPage } from './page-base.js';
import {
  AgreementPage,
  ConflictsPage,
  LeavePage,
  LogContactPage,
  MyAssignmentsPage,
  MyTrainingPage,
} from './pages/psp.js';
import {
  CoveragePage,
  IncidentPage,
  PipelinePage,
  ReadinessPage,
  ReviewsPage,
  TrainingCompliancePage,
  TrainingImportPage,
} from './pages/coordinator.js';
import { AttestationsPage, DirectorySyncPage } from './pages/hr.js';
import { ChooseSupporterPage, DeclineSupporterPage, VolunteerPage } from './pages/employee.js';
import {
  AuditChainPage,
  ProgramStatusPanel,
  StatisticsPage,
  SystemStatusPage,
} from './pages/oversight.js';

export { BridgeError, SELF } from './bridge.js';
export type { Bridge, BridgeContext, CallOptions, PluginError } from './bridge.js';
export { messages, t } from './messages.js';

export const pages: Record<string, CustomElementConstructor> = {
  'my-assignments': MyAssignmentsPage,
  'log-contact': LogContactPage,
  'my-training': MyTrainingPage,
  conflicts: ConflictsPage,
  leave: LeavePage,
  agreement: AgreementPage,
  pipeline: PipelinePage,
  incident: IncidentPage,
  'training-compliance': TrainingCompliancePage,
  'training-import': TrainingImportPage,
  reviews: ReviewsPage,
  coverage: CoveragePage,
  readiness: ReadinessPage,
  'directory-sync': DirectorySyncPage,
  attestations: AttestationsPage,
  'choose-supporter': ChooseSupporterPage,
  volunteer: VolunteerPage,
  'decline-supporter': DeclineSupporterPage,
  statistics: StatisticsPage,
  'audit-chain': AuditChainPage,
  'system-status': SystemStatusPage,
  'program-status': ProgramStatusPanel,
};

for (const [id, page] of Object.entries(pages)) {
  if (!customElements.get('psp-page-' + id)) {
    customElements.define('psp-page-' + id, page);
  }
}

// Shows page `pageId` in `container`, calling the plugin only through `bridge`. Throws when the
// bundle has no such page.
export function mount(container: HTMLElement, pageId: string, bridge: Bridge): HTMLElement {
  if (!(pageId in pages)) {
    throw new Error('no such page: ' + pageId);
  }
  const element = document.createElement('psp-page-' + pageId) as PspPage;
  element.bridge = bridge;
  container.replaceChildren(element);
  return element;
}
