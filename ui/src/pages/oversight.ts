// pages/oversight.ts: command staff's anonymous statistics (suppressed cells shown as such), the
// auditor's check of the audit chain, and IT's health, maintenance and plugin status.
import { html, nothing, svg, type TemplateResult } from 'lit';
import { PspPage, table } from '../page-base.js';
import { t, type MessageKey } from '../messages.js';
import { BridgeError } from '../bridge.js';

interface StatTable {
  name: string;
  title: string;
  columns: string[];
  rows: { label: string; counts: (number | null)[]; total: number | null }[];
  total: number | null;
}

interface Statistics {
  from: string;
  to: string;
  threshold: number;
  tables: StatTable[];
}

// A bar per row total: suppressed totals get no bar, and say so.
function chart(tableData: StatTable): TemplateResult {
  const values = tableData.rows.map((r) => r.total ?? 0);
  const max = Math.max(1, ...values);
  const rowHeight = 28;
  const height = tableData.rows.length * rowHeight;
  return html`<figure>
    <svg
      role="img"
      aria-label=${t('stats.chartLabel', { title: tableData.title })}
      viewBox="0 0 400 ${height}"
      width="640"
      class="chart"
    >
      ${tableData.rows.map((r, i) => {
        const y = i * rowHeight;
        const width = r.total === null ? 0 : (r.total / max) * 220;
        return svgRow(r.label, r.total, y, width);
      })}
    </svg>
  </figure>`;
}

function svgRow(name: string, total: number | null, y: number, width: number) {
  return svg`<text x="0" y=${y + 18} font-size="12">${name.slice(0, 22)}</text>
    <rect class="bar" x="150" y=${y + 6} width=${width} height="16"></rect>
    <text x=${156 + width} y=${y + 18} font-size="12"
      >${total === null ? t('stats.suppressed') : String(total)}</text
    >`;
}

function cell(value: number | null): TemplateResult | string {
  return value === null
    ? html`<span class="suppressed" title=${t('stats.suppressedWhy')}
        >${t('stats.suppressed')}</span
      >`
    : String(value);
}

export class StatisticsPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.statistics';
  static override properties = { ...PspPage.properties, stats: { state: true } };
  stats: Statistics | undefined;

  protected override async load(): Promise<void> {
    this.stats = await this.read<Statistics>('statistics.report', { format: 'json' });
  }

  protected renderBody(): TemplateResult {
    const s = this.stats;
    if (!s) {
      return html``;
    }
    return html`<p class="lead">${t('stats.lead', { from: s.from, to: s.to })}</p>
      <p class="inset">${t('stats.suppressionNote', { threshold: s.threshold })}</p>
      ${s.tables.map(
        (tb) =>
          html`<h2>${tb.title}</h2>
            ${tb.rows.length > 0 ? chart(tb) : nothing}
            ${table(
              tb.title,
              [t('col.row'), ...tb.columns, t('col.total')],
              tb.rows.map((r) => [r.label, ...r.counts.map(cell), cell(r.total)]),
              tb.columns.map((_, i) => i + 1).concat([tb.columns.length + 1]),
            )}`,
      )}`;
  }
}

interface Verify {
  intact: boolean;
  entries_checked: number;
  first_bad_seq?: number;
  problem?: string;
}

export class AuditChainPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.auditChain';
  static override properties = { ...PspPage.properties, verdict: { state: true } };
  verdict: Verify | undefined;

  private async verify() {
    this.busy = true;
    this.verdict = await this.read<Verify>('audit.verify');
    this.busy = false;
    await this.updateComplete;
    this.focusFirst('#verdict');
  }

  protected renderBody(): TemplateResult {
    const v = this.verdict;
    return html`<p class="lead">${t('audit.lead')}</p>
      <button ?disabled=${this.busy} @click=${this.verify}>${t('audit.verify')}</button>
      ${
        v
          ? html`<div
              id="verdict"
              tabindex="-1"
              role="status"
              class=${v.intact ? 'notice' : 'error-summary'}
            >
              ${
                v.intact
                  ? t('audit.intact', { count: v.entries_checked })
                  : t('audit.broken', {
                      seq: v.first_bad_seq ?? 0,
                      problem: v.problem ?? '',
                    })
              }
            </div>`
          : nothing
      }`;
  }
}

interface Health {
  status: string;
  agency_id: string;
  backend: string;
  employees: number;
  schema_version: number;
  last_directory_sync_ms: number | null;
}

interface Info {
  name: string;
  version: string;
  abi: { major: number; minor: number };
}

export class SystemStatusPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.systemStatus';
  static override properties = {
    ...PspPage.properties,
    health: { state: true },
    info: { state: true },
    maintenance: { state: true },
  };
  health: Health | undefined;
  info: Info | undefined;
  maintenance: { notifications_sent: number } | undefined;

  protected override async load(): Promise<void> {
    this.info = await this.read<Info>('plugin.info');
    this.health = await this.read<Health>('health');
  }

  private async runMaintenance() {
    this.maintenance = await this.write<{ notifications_sent: number }>(
      'maintenance.run',
      {},
      t('system.maintenanceDone'),
    );
    await this.reload();
  }

  protected renderBody(): TemplateResult {
    const h = this.health;
    const i = this.info;
    return html`<h2>${t('system.pluginTitle')}</h2>
      ${
        i
          ? html`<dl class="summary">
              <dt>${t('system.plugin')}</dt>
              <dd>${i.name} ${i.version}</dd>
              <dt>${t('system.abi')}</dt>
              <dd>${i.abi.major}.${i.abi.minor}</dd>
            </dl>`
          : nothing
      }
      <h2>${t('system.healthTitle')}</h2>
      ${
        h
          ? html`<dl class="summary">
              <dt>${t('system.status')}</dt>
              <dd>
                <span class="tag ${h.status === 'ok' ? 'good' : 'bad'}">${String(h.status)}</span>
              </dd>
              <dt>${t('system.agency')}</dt>
              <dd>${h.agency_id}</dd>
              <dt>${t('system.storage')}</dt>
              <dd>${h.backend}, ${t('system.schema', { version: h.schema_version })}</dd>
              <dt>${t('system.employees')}</dt>
              <dd>${h.employees}</dd>
              <dt>${t('system.lastSync')}</dt>
              <dd>
                ${
                  h.last_directory_sync_ms
                    ? this.date(new Date(h.last_directory_sync_ms).toISOString())
                    : t('common.none')
                }
              </dd>
            </dl>`
          : nothing
      }
      <h2>${t('system.maintenanceTitle')}</h2>
      <p>${t('system.maintenanceLead')}</p>
      <button ?disabled=${this.busy} @click=${this.runMaintenance}>
        ${t('system.runMaintenance')}
      </button>
      ${
        this.maintenance
          ? html`<p>
              ${t('system.notificationsSent', { count: this.maintenance.notifications_sent })}
            </p>`
          : nothing
      }`;
  }
}

// The panel on the host's employee record: where this person is in the program, if anywhere.
export class ProgramStatusPanel extends PspPage {
  protected readonly titleKey: MessageKey = 'page.programStatus';
  static override properties = { ...PspPage.properties, status: { state: true } };
  status: { member: { status: string; status_since_ms: number } | null } | undefined;

  protected override async load(): Promise<void> {
    const id = this.bridge.query['employee'];
    if (!id) {
      return;
    }
    try {
      this.status = (await this.bridge.call('program.status', { employee_id: id })) as {
        member: { status: string; status_since_ms: number } | null;
      };
    } catch (e) {
      // Someone who never joined the program is not an error on their record.
      if (!(e instanceof BridgeError && e.code === 'not_found')) {
        this.showError(e);
      }
    }
  }

  protected renderBody(): TemplateResult {
    const m = this.status?.member;
    return m
      ? html`<p>
          ${t('panel.status', {
            status: t(('status.' + m.status) as MessageKey),
            since: this.date(new Date(m.status_since_ms).toISOString()),
          })}
        </p>`
      : html`<p>${t('panel.notInProgram')}</p>`;
  }
}
