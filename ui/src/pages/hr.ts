// pages/hr.ts: the HR administrator's pages: directory sync (what was dropped and rejected) and
// the attestations of good standing waiting (yes or no, never a reason).
import { html, nothing, type TemplateResult } from 'lit';
import { PspPage, table } from '../page-base.js';
import { t, type MessageKey } from '../messages.js';

interface SyncResult {
  dry_run: boolean;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  total: number;
  dropped_fields: string[];
  screened_fields: { employee_id: string; field: string }[];
  warnings: { count: number; first: { row: number; employee_id: string; message: string }[] };
  changes?: { employee_id: string; change: string; fields: string[] }[];
  rejected?: { count: number; first: { row: number; reason: string }[] };
  org_chart_problems?: { code: string; message: string; records: string[] }[];
}

// Directory sync from the host: a preview first (directory.sync with dry_run: counts, the first
// changes, dropped and screened fields, rejected rows, org-chart problems; nothing written), and
// the sync itself only once the preview has nothing that would refuse it.
export class DirectorySyncPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.directorySync';
  static override properties = {
    ...PspPage.properties,
    result: { state: true },
    progress: { state: true },
  };
  result: SyncResult | undefined;
  progress = false;

  private params(dryRun: boolean) {
    return { mode: 'full', source: 'host', ...(dryRun ? { dry_run: true } : {}) };
  }

  private async run(dryRun: boolean) {
    this.progress = true;
    this.result = dryRun
      ? await this.read<SyncResult>('directory.sync', this.params(true))
      : await this.write<SyncResult>('directory.sync', this.params(false), t('sync.done'));
    if (dryRun && this.result) {
      this.notice = t('sync.previewReady');
    }
    this.progress = false;
  }

  private blocked(r: SyncResult): boolean {
    return (r.rejected?.count ?? 0) > 0 || (r.org_chart_problems ?? []).length > 0;
  }

  private renderCounts(r: SyncResult): TemplateResult {
    return table(
      t('sync.caption'),
      [t('col.change'), t('col.people')],
      [
        [t('sync.added'), r.added],
        [t('sync.updated'), r.updated],
        [t('sync.removed'), r.removed],
        [t('sync.unchanged'), r.unchanged],
        [t('sync.total'), r.total],
      ],
      [1],
    );
  }

  private renderDropped(r: SyncResult): TemplateResult {
    return html`<h2>${t('sync.droppedTitle')}</h2>
      <p>${t('sync.droppedLead')}</p>
      ${
        r.dropped_fields.length > 0
          ? html`<ul>
              ${r.dropped_fields.map((f) => html`<li><code>${f}</code></li>`)}
            </ul>`
          : html`<p>${t('sync.noneDropped')}</p>`
      }
      ${
        r.screened_fields.length > 0
          ? table(
              t('sync.screenedTitle'),
              [t('col.person'), t('col.field')],
              r.screened_fields.map((f) => [f.employee_id, f.field]),
            )
          : nothing
      }`;
  }

  private renderProblems(r: SyncResult): TemplateResult {
    const rejected = r.rejected?.first ?? [];
    const problems = r.org_chart_problems ?? [];
    return html`<h2>${t('sync.rejectedTitle')}</h2>
      ${
        rejected.length > 0
          ? table(
              t('sync.rejectedCaption', { count: r.rejected?.count ?? 0 }),
              [t('col.row'), t('col.problem')],
              rejected.map((x) => [String(x.row), x.reason]),
            )
          : html`<p>${t('sync.noneRejected')}</p>`
      }
      ${
        problems.length > 0
          ? table(
              t('sync.problemsCaption'),
              [t('col.problem'), t('col.people')],
              problems.map((p) => [p.message, p.records.join(', ')]),
            )
          : nothing
      }
      ${
        r.warnings.count > 0
          ? table(
              t('sync.warningsCaption', { count: r.warnings.count }),
              [t('col.row'), t('col.person'), t('col.problem')],
              r.warnings.first.map((w) => [String(w.row), w.employee_id, w.message]),
            )
          : nothing
      }`;
  }

  private renderActions(r: SyncResult | undefined): TemplateResult {
    const preview = html`<button
      class=${r?.dry_run ? 'secondary' : ''}
      ?disabled=${this.busy || this.progress}
      @click=${() => this.run(true)}
    >
      ${t('sync.preview')}
    </button>`;
    if (!r?.dry_run) {
      return preview;
    }
    return this.blocked(r)
      ? html`<p class="inset">${t('sync.fixFirst')}</p>
          ${preview}`
      : html`<button ?disabled=${this.busy || this.progress} @click=${() => this.run(false)}>
            ${t('sync.submit')}
          </button>
          ${preview}`;
  }

  protected renderBody(): TemplateResult {
    const r = this.result;
    return html`<p class="lead">${t('sync.lead')}</p>
      ${this.renderActions(r)}
      ${
        this.progress
          ? html`<p role="status">
              ${t('common.working')} <progress aria-label=${t('common.working')}></progress>
            </p>`
          : nothing
      }
      ${
        r
          ? html`<h2>${r.dry_run ? t('sync.previewTitle') : t('sync.resultTitle')}</h2>
              ${this.renderCounts(r)} ${this.renderDropped(r)} ${this.renderProblems(r)}`
          : nothing
      }`;
  }
}

interface Member {
  employee_id: string;
  name: string | null;
  status_since_ms: number;
}

// Attestations waiting: HR answers yes or no; the plugin never asks why (IACP 3.10).
export class AttestationsPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.attestations';
  static override properties = { ...PspPage.properties, members: { state: true } };
  members: Member[] = [];

  protected override async load(): Promise<void> {
    const result = await this.read<{ members: Member[] }>('program.list', {
      statuses: ['awaiting_standing'],
    });
    this.members = result?.members ?? [];
  }

  private async attest(m: Member, good: boolean) {
    await this.writeAndReload(
      'selection.attest_standing',
      // No date: the plugin dates it by the host's clock, not the browser's.
      { employee_id: m.employee_id, in_good_standing: good },
      t('attest.recorded', { name: m.name ?? m.employee_id }),
    );
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('attest.lead')}</p>
      ${table(
        t('attest.caption'),
        [t('col.person'), t('col.waitingSince'), t('col.answer')],
        this.members.map((m) => [
          `${m.name ?? m.employee_id} (${m.employee_id})`,
          this.date(new Date(m.status_since_ms).toISOString()),
          html`<button ?disabled=${this.busy} @click=${() => this.attest(m, true)}>
              ${t('attest.yes')}
            </button>
            <button class="secondary" ?disabled=${this.busy} @click=${() => this.attest(m, false)}>
              ${t('attest.no')}
            </button>`,
        ]),
      )}`;
  }
}
