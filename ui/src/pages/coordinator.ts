// pages/coordinator.ts: the program coordinator's pages: the selection pipeline, an open
// incident (everyone involved, proposals with names, assigning), training compliance, imports
// with a preview, reviews, coverage and readiness.
import { html, nothing, type TemplateResult } from 'lit';
import { PspPage, table } from '../page-base.js';
import { t, label, type MessageKey } from '../messages.js';

interface Member {
  employee_id: string;
  status: string;
  status_since_ms: number;
  cycle: number;
  path: string;
}

interface Person {
  employee_id: string;
  name?: string;
  title?: string;
}

// Names for employee ids, looked up once per page through directory.get.
async function namesFor(page: PspPage & { names: Map<string, string> }, ids: Iterable<string>) {
  for (const id of new Set(ids)) {
    if (page.names.has(id)) {
      continue;
    }
    try {
      const result = (await page.bridge.call('directory.get', { employee_id: id })) as {
        employee: Person;
      };
      page.names.set(id, result.employee?.name ?? id);
    } catch {
      page.names.set(id, id);
    }
  }
}

// The selection steps in order, and what each waits for.
const pipelineOrder = [
  'nominated',
  'awaiting_recommendations',
  'awaiting_standing',
  'awaiting_interview',
  'awaiting_decision',
  'awaiting_agreement',
  'awaiting_training',
  'active',
  'on_leave',
  'under_review',
] as const;

export class PipelinePage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.pipeline';
  static override properties = { ...PspPage.properties, members: { state: true } };
  members: Member[] = [];
  names = new Map<string, string>();

  protected override async load(): Promise<void> {
    const result = await this.read<{ members: Member[] }>('program.list', {
      statuses: [...pipelineOrder],
      limit: 1000,
    });
    this.members = result?.members ?? [];
    await namesFor(
      this,
      this.members.map((m) => m.employee_id),
    );
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('pipeline.lead')}</p>
      ${pipelineOrder.map((status) => {
        const here = this.members.filter((m) => m.status === status);
        if (here.length === 0) {
          return nothing;
        }
        return html`<h2>${label('status', status)} (${here.length})</h2>
          <p>${label('next', status)}</p>
          ${table(
            label('status', status),
            [t('col.person'), t('col.since')],
            here.map((m) => [
              `${this.names.get(m.employee_id) ?? m.employee_id} (${m.employee_id})`,
              this.date(new Date(m.status_since_ms).toISOString()),
            ]),
          )}`;
      })}`;
  }
}

interface Proposal {
  employee_id: string;
  assignment: { psp_id: string; status: string; due_ms: number } | null;
  psps: { psp_id: string; shift: string; category: string; open_assignments: number }[];
  partner_agencies: string[];
}

// An open incident: each person involved, their PSP or the proposals (names, shift, load), and
// assigning the first proposal to many at once.
export class IncidentPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.incident';
  static override properties = {
    ...PspPage.properties,
    proposals: { state: true },
    incident: { state: true },
  };
  proposals: Proposal[] = [];
  incident = 0;
  names = new Map<string, string>();
  protected override fieldTargets = { '/params/incident_id': 'incident' };

  protected override async load(): Promise<void> {
    this.incident = Number(this.bridge.query['incident'] ?? this.incident ?? 0);
    if (!this.incident) {
      return;
    }
    const result = await this.read<{ employees: Proposal[] }>('incident.proposals', {
      incident_id: this.incident,
      limit: 3,
    });
    this.proposals = result?.employees ?? [];
    await namesFor(
      this,
      this.proposals.flatMap((p) => [
        p.employee_id,
        ...(p.assignment ? [p.assignment.psp_id] : []),
        ...p.psps.map((s) => s.psp_id),
      ]),
    );
  }

  private name(id: string): string {
    return `${this.names.get(id) ?? id} (${id})`;
  }

  private async open(e: Event) {
    e.preventDefault();
    const value = this.formValue('incident');
    if (!/^[0-9]+$/.test(value)) {
      this.refuse([{ message: t('psp.incidentMissing'), target: 'incident' }]);
      return;
    }
    this.incident = Number(value);
    this.errors = [];
    await this.reload();
  }

  // PLUG-IN POINT (activation engineer): activation.assign_bulk assigns many in one call; until
  // the installed plugin answers it, the page assigns one by one.
  private async assignChosen() {
    const chosen = this.proposals.filter(
      (p) => !p.assignment && p.psps.length > 0 && this.checked('pick-' + p.employee_id),
    );
    if (chosen.length === 0) {
      this.refuse([{ message: t('incident.noneChosen') }]);
      return;
    }
    let assigned = 0;
    for (const p of chosen) {
      const ok = await this.write(
        'activation.assign',
        { incident_id: this.incident, employee_id: p.employee_id, psp_id: p.psps[0]!.psp_id },
        '',
      );
      if (!ok) {
        break;
      }
      assigned += 1;
    }
    await this.reload();
    if (assigned > 0) {
      this.notice = t('incident.assigned', { count: assigned });
    }
  }

  protected renderBody(): TemplateResult {
    const uncovered = this.proposals.filter((p) => !p.assignment);
    return html`
      <form @submit=${this.open} novalidate>
        <label for="incident">${t('field.incident')}</label>
        ${this.fieldError('incident')}
        <input
          id="incident"
          name="incident"
          inputmode="numeric"
          autocomplete="off"
          .value=${this.incident ? String(this.incident) : ''}
        />
        <button type="submit">${t('incident.show')}</button>
      </form>
      ${
        this.incident && this.proposals.length > 0
          ? html`
              <p class="lead">
                ${t('incident.summary', {
                  involved: this.proposals.length,
                  uncovered: uncovered.length,
                })}
              </p>
              ${table(
                t('incident.caption', { incident: this.incident }),
                [t('col.person'), t('col.status'), t('col.psp'), t('col.choose')],
                this.proposals.map((p) => [
                  this.name(p.employee_id),
                  p.assignment
                    ? html`${label('assignment', p.assignment.status)}<span class="hint"
                          >${t('incident.checkInBy')}
                          ${this.date(new Date(p.assignment.due_ms).toISOString())}</span
                        >`
                    : html`<span class="tag bad">${t('incident.uncovered')}</span>`,
                  p.assignment
                    ? this.name(p.assignment.psp_id)
                    : p.psps.length > 0
                      ? html`<ol>
                          ${p.psps.map(
                            (s) =>
                              html`<li>
                                ${this.name(s.psp_id)},
                                ${t('incident.proposalDetail', {
                                  shift: s.shift,
                                  category: s.category,
                                  open: s.open_assignments,
                                })}
                              </li>`,
                          )}
                        </ol>`
                      : t('incident.noProposal'),
                  p.assignment || p.psps.length === 0
                    ? ''
                    : html`<label class="choice" for="pick-${p.employee_id}"
                        ><input type="checkbox" id="pick-${p.employee_id}" checked />
                        ${t('incident.assignFirst')}</label
                      >`,
                ]),
              )}
              ${
                uncovered.length > 0
                  ? html`<button ?disabled=${this.busy} @click=${this.assignChosen}>
                      ${t('incident.assignChosen')}
                    </button>`
                  : nothing
              }
            `
          : nothing
      }
    `;
  }
}

interface Overdue {
  as_of: string;
  psps: {
    employee_id: string;
    status: string;
    hours_this_period: number;
    hours_required: number;
    overdue_since: string | null;
  }[];
}

export class TrainingCompliancePage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.trainingCompliance';
  static override properties = { ...PspPage.properties, overdue: { state: true } };
  overdue: Overdue | undefined;
  names = new Map<string, string>();

  protected override async load(): Promise<void> {
    this.overdue = await this.read<Overdue>('training.overdue');
    await namesFor(this, this.overdue?.psps.map((p) => p.employee_id) ?? []);
  }

  protected renderBody(): TemplateResult {
    const o = this.overdue;
    if (!o) {
      return html``;
    }
    return html`<p class="lead">${t('training.overdueLead', { date: this.date(o.as_of) })}</p>
      ${table(
        t('training.overdueCaption'),
        [t('col.person'), t('col.status'), t('col.hours'), t('col.overdueSince')],
        o.psps.map((p) => [
          `${this.names.get(p.employee_id) ?? p.employee_id} (${p.employee_id})`,
          label('compliance', p.status),
          `${p.hours_this_period} / ${p.hours_required}`,
          this.date(p.overdue_since),
        ]),
      )}`;
  }
}

// Imports from the learning system: check the file first, then import. The preview
// (training.import with dry_run, being added) shows what will be accepted and rejected; until
// the installed plugin takes it, the page says that the import writes directly.
export class TrainingImportPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.trainingImport';
  static override properties = {
    ...PspPage.properties,
    preview: { state: true },
    progress: { state: true },
  };
  preview: Record<string, unknown> | undefined;
  progress = false;
  protected override fieldTargets = { '/params/csv': 'csv' };

  private previewSupported(): boolean {
    // PLUG-IN POINT (onboarding engineer): training.import's dry_run parameter.
    return this.bridge.context.methods.includes('training.import.dry_run');
  }

  private async run(dryRun: boolean) {
    const csv = this.formValue('csv');
    if (!csv) {
      this.refuse([{ message: t('import.csvMissing'), target: 'csv' }]);
      return;
    }
    this.progress = true;
    const params: Record<string, unknown> = { format: 'csv', csv };
    if (dryRun) {
      params['dry_run'] = true;
    }
    const result = await this.write<Record<string, unknown>>(
      'training.import',
      params,
      dryRun ? t('import.previewReady') : t('import.done'),
    );
    this.progress = false;
    this.preview = result;
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('import.lead')}</p>
      <label for="csv">${t('field.csv')}<span class="hint">${t('hint.csv')}</span></label>
      ${this.fieldError('csv')}
      <textarea id="csv" rows="8"></textarea>
      ${
        this.previewSupported()
          ? html`<button ?disabled=${this.busy} @click=${() => this.run(true)}>
              ${t('import.preview')}
            </button>`
          : html`<p class="inset">${t('import.noPreviewYet')}</p>`
      }
      <button class="secondary" ?disabled=${this.busy} @click=${() => this.run(false)}>
        ${t('import.submit')}
      </button>
      ${
        this.progress
          ? html`<p role="status">
              ${t('common.working')} <progress aria-label=${t('common.working')}></progress>
            </p>`
          : nothing
      }
      ${
        this.preview
          ? html`<h2>${t('import.result')}</h2>
              <dl class="summary">
                ${Object.entries(this.preview)
                  .filter(([, v]) => typeof v === 'number')
                  .map(
                    ([k, v]) =>
                      html`<dt>${k}</dt>
                        <dd>${v}</dd>`,
                  )}
              </dl>`
          : nothing
      }`;
  }
}

export class ReviewsPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.reviews';
  static override properties = { ...PspPage.properties, members: { state: true } };
  members: Member[] = [];
  names = new Map<string, string>();

  protected override async load(): Promise<void> {
    const result = await this.read<{ members: Member[] }>('program.list', {
      statuses: ['under_review'],
    });
    this.members = result?.members ?? [];
    await namesFor(
      this,
      this.members.map((m) => m.employee_id),
    );
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('reviews.lead')}</p>
      ${table(
        t('reviews.caption'),
        [t('col.person'), t('col.since')],
        this.members.map((m) => [
          `${this.names.get(m.employee_id) ?? m.employee_id} (${m.employee_id})`,
          this.date(new Date(m.status_since_ms).toISOString()),
        ]),
      )}`;
  }
}

interface Coverage {
  headcount: number;
  psps: number;
  target_employees_per_psp: number;
  cells: {
    division?: string;
    shift?: string;
    category?: string;
    employees: number;
    psps: number;
  }[];
  below_target: unknown[];
}

// PLUG-IN POINT (activation engineer): per-incident coverage status joins this page.
export class CoveragePage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.coverage';
  static override properties = { ...PspPage.properties, coverage: { state: true } };
  coverage: Coverage | undefined;

  protected override async load(): Promise<void> {
    this.coverage = await this.read<Coverage>('coverage.report');
  }

  protected renderBody(): TemplateResult {
    const c = this.coverage;
    if (!c) {
      return html``;
    }
    return html`<dl class="summary">
        <dt>${t('coverage.headcount')}</dt>
        <dd>${c.headcount}</dd>
        <dt>${t('coverage.psps')}</dt>
        <dd>${c.psps}</dd>
        <dt>${t('coverage.target')}</dt>
        <dd>${t('coverage.targetValue', { n: c.target_employees_per_psp })}</dd>
        <dt>${t('coverage.belowTarget')}</dt>
        <dd>${c.below_target.length}</dd>
      </dl>
      ${table(
        t('coverage.caption'),
        [t('col.group'), t('col.employees'), t('col.psps')],
        (c.cells ?? []).map((cell) => [
          [cell.division, cell.shift, cell.category].filter(Boolean).join(' · ') || '—',
          cell.employees,
          cell.psps,
        ]),
        [1, 2],
      )}`;
  }
}

interface Readiness {
  profile: { title: string; legal_review: string };
  met: number;
  total: number;
  items: { rule: string; state: string; detail: string; citation: string }[];
}

export class ReadinessPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.readiness';
  static override properties = { ...PspPage.properties, readiness: { state: true } };
  readiness: Readiness | undefined;

  protected override async load(): Promise<void> {
    this.readiness = await this.read<Readiness>('readiness.report');
  }

  protected renderBody(): TemplateResult {
    const r = this.readiness;
    if (!r) {
      return html``;
    }
    return html`<p class="lead">
        ${t('readiness.summary', { met: r.met, total: r.total, profile: r.profile.title })}
      </p>
      <p class="inset">${r.profile.legal_review}</p>
      ${table(
        t('readiness.caption'),
        [t('col.rule'), t('col.status'), t('col.detail'), t('col.citation')],
        r.items.map((i) => [
          i.rule,
          html`<span class="tag ${i.state === 'met' ? 'good' : 'bad'}"
            >${label('readiness', i.state)}</span
          >`,
          i.detail,
          i.citation,
        ]),
      )}`;
  }
}
