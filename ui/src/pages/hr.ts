// pages/hr.ts: the HR administrator's pages: directory sync (what was dropped and rejected) and
// the attestations of good standing waiting (yes or no, never a reason).
import { html, nothing, type TemplateResult } from 'lit';
import { PspPage, table } from '../page-base.js';
import { t, type MessageKey } from '../messages.js';

interface SyncResult {
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  total: number;
  dropped_fields: string[];
  rejected?: { row?: number; field?: string; message: string }[];
}

export class DirectorySyncPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.directorySync';
  static override properties = {
    ...PspPage.properties,
    result: { state: true },
    progress: { state: true },
  };
  result: SyncResult | undefined;
  progress = false;
  dryRun = false;

  // PLUG-IN POINT (onboarding engineer): directory.sync's dry run previews the same figures
  // without writing; the page offers it when the installed plugin takes it.
  private previewSupported(): boolean {
    return this.bridge.context.methods.includes('directory.sync.dry_run');
  }

  private async sync(dryRun: boolean) {
    this.progress = true;
    this.dryRun = dryRun;
    const params: Record<string, unknown> = { mode: 'full', source: 'host' };
    if (dryRun) {
      params['dry_run'] = true;
    }
    this.result = await this.write<SyncResult>(
      'directory.sync',
      params,
      dryRun ? t('sync.previewReady') : t('sync.done'),
    );
    this.progress = false;
  }

  protected renderBody(): TemplateResult {
    const r = this.result;
    return html`<p class="lead">${t('sync.lead')}</p>
      ${
        this.previewSupported()
          ? html`<button ?disabled=${this.busy} @click=${() => this.sync(true)}>
              ${t('sync.preview')}
            </button>`
          : html`<p class="inset">${t('sync.noPreviewYet')}</p>`
      }
      <button
        class=${this.previewSupported() ? 'secondary' : ''}
        ?disabled=${this.busy}
        @click=${() => this.sync(false)}
      >
        ${t('sync.submit')}
      </button>
      ${
        this.progress
          ? html`<p role="status">
              ${t('common.working')} <progress aria-label=${t('common.working')}></progress>
            </p>`
          : nothing
      }
      ${
        r
          ? html`<h2>${this.dryRun ? t('sync.previewTitle') : t('sync.resultTitle')}</h2>
              ${table(
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
              )}
              <h2>${t('sync.droppedTitle')}</h2>
              <p>${t('sync.droppedLead')}</p>
              ${
                r.dropped_fields.length > 0
                  ? html`<ul>
                      ${r.dropped_fields.map((f) => html`<li><code>${f}</code></li>`)}
                    </ul>`
                  : html`<p>${t('sync.noneDropped')}</p>`
              }
              <h2>${t('sync.rejectedTitle')}</h2>
              ${
                (r.rejected ?? []).length > 0
                  ? table(
                      t('sync.rejectedTitle'),
                      [t('col.row'), t('col.field'), t('col.problem')],
                      (r.rejected ?? []).map((x) => [
                        String(x.row ?? ''),
                        x.field ?? '',
                        x.message,
                      ]),
                    )
                  : html`<p>${t('sync.noneRejected')}</p>`
              }`
          : nothing
      }`;
  }
}

interface Member {
  employee_id: string;
  status_since_ms: number;
}

// Attestations waiting: HR answers yes or no; the plugin never asks why (IACP 3.10).
export class AttestationsPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.attestations';
  static override properties = { ...PspPage.properties, members: { state: true } };
  members: Member[] = [];
  names = new Map<string, string>();

  protected override async load(): Promise<void> {
    const result = await this.read<{ members: Member[] }>('program.list', {
      statuses: ['awaiting_standing'],
    });
    this.members = result?.members ?? [];
    for (const m of this.members) {
      try {
        const r = (await this.bridge.call('directory.get', { employee_id: m.employee_id })) as {
          employee: { name: string };
        };
        this.names.set(m.employee_id, r.employee.name);
      } catch {
        this.names.set(m.employee_id, m.employee_id);
      }
    }
  }

  private async attest(m: Member, good: boolean) {
    const today = new Intl.DateTimeFormat('en-CA', {
      timeZone: this.bridge.context.timeZone,
    }).format(new Date());
    const done = await this.write(
      'selection.attest_standing',
      { employee_id: m.employee_id, in_good_standing: good, attested_on: today },
      t('attest.recorded', { name: this.names.get(m.employee_id) ?? m.employee_id }),
    );
    if (done) {
      await this.reload();
    }
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('attest.lead')}</p>
      ${table(
        t('attest.caption'),
        [t('col.person'), t('col.waitingSince'), t('col.answer')],
        this.members.map((m) => [
          `${this.names.get(m.employee_id) ?? m.employee_id} (${m.employee_id})`,
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
