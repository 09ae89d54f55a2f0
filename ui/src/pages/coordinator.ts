// pages/coordinator.ts: the program coordinator's pages: the selection pipeline, an open
// incident (everyone involved, proposals with names, assigning), training compliance, imports
// with a preview, reviews, coverage and readiness.
import { html, nothing, type TemplateResult } from 'lit';
import { PspPage, table } from '../page-base.js';
import { t, label, type MessageKey } from '../messages.js';

interface Member {
  employee_id: string;
  name: string | null;
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

// "Name (E000123)": a person shown by name, with the number that finds them in the host.
const named = (name: string | null | undefined, id: string) => `${name ?? id} (${id})`;

// Names for employee ids a method does not name, looked up once per page through directory.get.
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

  protected override async load(): Promise<void> {
    const result = await this.read<{ members: Member[] }>('program.list', {
      statuses: [...pipelineOrder],
      limit: 1000,
    });
    this.members = result?.members ?? [];
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
              named(m.name, m.employee_id),
              this.date(new Date(m.status_since_ms).toISOString()),
            ]),
          )}`;
      })}`;
  }
}

interface ProposedPsp {
  psp_id: string;
  name: string;
  shift: string;
  category: string;
  open_assignments: number;
}

interface Proposal {
  employee_id: string;
  psps: ProposedPsp[];
}

// One involved person as incident.status accounts for them.
interface Involved {
  employee_id: string;
  name: string | null;
  state: 'covered' | 'declined' | 'uncovered' | 'checked_in';
  psp_id?: string;
  psp_name?: string;
  hours_left?: number;
  past_window: boolean;
  on_time?: boolean;
  needs_reassignment?: string;
}

interface IncidentStatus {
  incident_id: number;
  date: string;
  category: string;
  employees: Involved[];
  totals: { covered: number; declined: number; uncovered: number; checked_in: number };
}

// An open incident: everyone involved accounted for (incident.status: covered, declined,
// uncovered or checked in, with the hours left), the proposals for those without a peer
// supporter (incident.proposals, names next to ids), and assigning many at once in one
// all-or-nothing call (activation.assign_bulk).
export class IncidentPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.incident';
  static override properties = {
    ...PspPage.properties,
    status: { state: true },
    incident: { state: true },
  };
  status: IncidentStatus | undefined;
  proposals = new Map<string, ProposedPsp[]>();
  incident = 0;
  protected override fieldTargets = { '/params/incident_id': 'incident' };

  protected override async load(): Promise<void> {
    this.incident = Number(this.bridge.query['incident'] ?? this.incident ?? 0);
    if (!this.incident) {
      return;
    }
    const status = await this.read<{ incidents: IncidentStatus[] }>('incident.status', {
      incident_id: this.incident,
    });
    this.status = status?.incidents[0];
    const proposals = this.status
      ? await this.read<{ employees: Proposal[] }>('incident.proposals', {
          incident_id: this.incident,
          limit: 3,
        })
      : undefined;
    this.proposals = new Map((proposals?.employees ?? []).map((p) => [p.employee_id, p.psps]));
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

  private waiting(): Involved[] {
    return (this.status?.employees ?? []).filter(
      (p) => p.state === 'uncovered' || p.state === 'declined',
    );
  }

  // All or nothing: the plugin refuses the whole batch and names every refused pair.
  private async assignChosen() {
    const chosen = this.waiting().filter(
      (p) =>
        (this.proposals.get(p.employee_id) ?? []).length > 0 &&
        this.checked('pick-' + p.employee_id),
    );
    if (chosen.length === 0) {
      this.refuse([{ message: t('incident.noneChosen') }]);
      return;
    }
    const assignments = chosen.map((p) => ({
      employee_id: p.employee_id,
      psp_id: this.proposals.get(p.employee_id)![0]!.psp_id,
    }));
    await this.writeAndReload(
      'activation.assign_bulk',
      { incident_id: this.incident, assignments },
      t('incident.assigned', { count: assignments.length }),
    );
  }

  private stateCell(p: Involved): TemplateResult {
    const tone = p.state === 'covered' || p.state === 'checked_in' ? 'good' : 'bad';
    const when =
      p.state === 'checked_in'
        ? t(p.on_time ? 'incident.onTime' : 'incident.late')
        : p.past_window
          ? t('incident.pastWindow')
          : t('incident.hoursLeft', { hours: p.hours_left ?? 0 });
    return html`<span class="tag ${tone}">${label('involved', p.state)}</span>
      <span class="hint">${when}</span>
      ${
        p.needs_reassignment
          ? html`<span class="hint">${label('reassign', p.needs_reassignment)}</span>`
          : nothing
      }`;
  }

  private proposalCell(p: Involved): TemplateResult | string {
    if (p.psp_id) {
      return named(p.psp_name, p.psp_id);
    }
    const psps = this.proposals.get(p.employee_id) ?? [];
    if (psps.length === 0) {
      return t('incident.noProposal');
    }
    return html`<ol>
      ${psps.map(
        (s) =>
          html`<li>
            ${named(s.name, s.psp_id)},
            ${t('incident.proposalDetail', {
              shift: s.shift,
              category: label('category', s.category),
              open: s.open_assignments,
            })}
          </li>`,
      )}
    </ol>`;
  }

  private chooseCell(p: Involved): TemplateResult | string {
    const waiting = p.state === 'uncovered' || p.state === 'declined';
    if (!waiting || (this.proposals.get(p.employee_id) ?? []).length === 0) {
      return '';
    }
    return html`<label class="choice" for="pick-${p.employee_id}"
      ><input type="checkbox" id="pick-${p.employee_id}" checked />
      ${t('incident.assignFirst')}</label
    >`;
  }

  protected renderBody(): TemplateResult {
    const s = this.status;
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
        s
          ? html`
              <p class="lead">
                ${t('incident.summary', {
                  involved: s.employees.length,
                  uncovered: s.totals.uncovered + s.totals.declined,
                })}
              </p>
              <dl class="summary">
                ${(['uncovered', 'declined', 'covered', 'checked_in'] as const).map(
                  (k) =>
                    html`<dt>${label('involved', k)}</dt>
                      <dd>${s.totals[k]}</dd>`,
                )}
              </dl>
              ${table(
                t('incident.caption', { incident: s.incident_id }),
                [t('col.person'), t('col.status'), t('col.psp'), t('col.choose')],
                s.employees.map((p) => [
                  named(p.name, p.employee_id),
                  this.stateCell(p),
                  this.proposalCell(p),
                  this.chooseCell(p),
                ]),
              )}
              ${
                this.waiting().some((p) => (this.proposals.get(p.employee_id) ?? []).length > 0)
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

interface ImportResult {
  dry_run: boolean;
  imported: number;
  unchanged: number;
  dropped_fields: string[];
  records?: { employee_id: string; date: string; hours: number; course: string; topic: string }[];
  rejected?: { count: number; first: { row: number; reason: string }[] };
}

// Imports from the learning system: check the file first (training.import with dry_run: what
// will be accepted and rejected, nothing stored), then import it. The import is all or nothing,
// so it is offered only when the check rejected no row.
export class TrainingImportPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.trainingImport';
  static override properties = {
    ...PspPage.properties,
    result: { state: true },
    progress: { state: true },
  };
  result: ImportResult | undefined;
  progress = false;
  protected override fieldTargets = { '/params/csv': 'csv' };

  private async run(dryRun: boolean) {
    const csv = this.formValue('csv');
    if (!csv) {
      this.refuse([{ message: t('import.csvMissing'), target: 'csv' }]);
      return;
    }
    this.progress = true;
    const params = { format: 'csv', csv, ...(dryRun ? { dry_run: true } : {}) };
    this.result = dryRun
      ? await this.read<ImportResult>('training.import', params)
      : await this.write<ImportResult>('training.import', params, t('import.done'));
    if (dryRun && this.result) {
      this.notice = t('import.previewReady');
    }
    this.progress = false;
  }

  private renderResult(r: ImportResult): TemplateResult {
    const rejected = r.rejected?.first ?? [];
    return html`<h2>${r.dry_run ? t('import.previewTitle') : t('import.result')}</h2>
      <dl class="summary">
        <dt>${r.dry_run ? t('import.willImport') : t('import.imported')}</dt>
        <dd>${r.imported}</dd>
        <dt>${t('import.unchanged')}</dt>
        <dd>${r.unchanged}</dd>
        <dt>${t('import.rejected')}</dt>
        <dd>${r.rejected?.count ?? 0}</dd>
      </dl>
      ${
        (r.records ?? []).length > 0
          ? table(
              t('import.recordsCaption'),
              [t('col.person'), t('col.date'), t('col.hours'), t('col.course')],
              (r.records ?? []).map((x) => [
                x.employee_id,
                this.date(x.date),
                x.hours,
                [x.course, x.topic].filter(Boolean).join(' · '),
              ]),
            )
          : nothing
      }
      ${
        rejected.length > 0
          ? table(
              t('import.rejectedCaption'),
              [t('col.row'), t('col.problem')],
              rejected.map((x) => [String(x.row), x.reason]),
            )
          : nothing
      }
      ${
        r.dropped_fields.length > 0
          ? html`<p>${t('import.dropped', { fields: r.dropped_fields.join(', ') })}</p>`
          : nothing
      }`;
  }

  protected renderBody(): TemplateResult {
    const r = this.result;
    const canImport = r?.dry_run === true && (r.rejected?.count ?? 0) === 0 && r.imported > 0;
    return html`<p class="lead">${t('import.lead')}</p>
      <label for="csv">${t('field.csv')}<span class="hint">${t('hint.csv')}</span></label>
      ${this.fieldError('csv')}
      <textarea id="csv" rows="8" @input=${() => (this.result = undefined)}></textarea>
      <button
        class=${canImport ? 'secondary' : ''}
        ?disabled=${this.busy || this.progress}
        @click=${() => this.run(true)}
      >
        ${t('import.preview')}
      </button>
      ${
        canImport
          ? html`<button ?disabled=${this.busy || this.progress} @click=${() => this.run(false)}>
              ${t('import.submit')}
            </button>`
          : nothing
      }
      ${
        this.progress
          ? html`<p role="status">
              ${t('common.working')} <progress aria-label=${t('common.working')}></progress>
            </p>`
          : nothing
      }
      ${r ? this.renderResult(r) : nothing}`;
  }
}

export class ReviewsPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.reviews';
  static override properties = { ...PspPage.properties, members: { state: true } };
  members: Member[] = [];

  protected override async load(): Promise<void> {
    const result = await this.read<{ members: Member[] }>('program.list', {
      statuses: ['under_review'],
    });
    this.members = result?.members ?? [];
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('reviews.lead')}</p>
      ${table(
        t('reviews.caption'),
        [t('col.person'), t('col.since')],
        this.members.map((m) => [
          named(m.name, m.employee_id),
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

// Team coverage against the policy's target; per-incident coverage is the incident page's.
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
