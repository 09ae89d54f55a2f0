// pages/psp.ts: the peer supporter's pages: my assignments (acknowledge, check in, the limits of
// confidentiality), logging a contact, my training, declaring a conflict, leave, the agreement.
import { html, nothing, type TemplateResult } from 'lit';
import { PspPage, table } from '../page-base.js';
import { t, label, type MessageKey } from '../messages.js';
import { SELF } from '../bridge.js';

// One entry of activation.inbox: who to find (from the directory), the incident, and the time
// left to check in.
interface Assignment {
  incident_id: number;
  employee: {
    employee_id: string;
    name: string | null;
    title?: string;
    division?: string;
    unit?: string;
    shift?: string;
  };
  status: string;
  due_ms: number;
  hours_left: number;
}

// One limit of confidentiality under the agency's jurisdiction profile (jurisdiction.limits).
interface Limit {
  text: string;
  citation: string;
}

interface Limits {
  protection: { answer: string; citation: string };
  confidentiality_limits: Limit[];
  profile: { title: string };
}

// My assignments (activation.inbox): acknowledge, check in; and the limits of confidentiality
// the PSP must explain before talking, as the jurisdiction profile in force states them (never a
// fixed list: what is privileged differs by state, and the profile is what was fact-checked).
export class MyAssignmentsPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.myAssignments';
  static override properties = {
    ...PspPage.properties,
    inbox: { state: true },
    limits: { state: true },
  };
  inbox: Assignment[] = [];
  limits: Limits | undefined;

  protected override async load(): Promise<void> {
    const result = await this.read<{ assignments: Assignment[] }>('activation.inbox');
    this.inbox = result?.assignments ?? [];
    this.limits ??= await this.read<Limits>('jurisdiction.limits');
  }

  private async act(method: 'activation.acknowledge' | 'activation.check_in', a: Assignment) {
    await this.writeAndReload(
      method,
      { incident_id: a.incident_id, employee_id: a.employee.employee_id },
      method === 'activation.acknowledge' ? t('psp.acknowledged') : t('psp.checkedIn'),
    );
  }

  private who(a: Assignment): TemplateResult {
    const e = a.employee;
    const where = [e.title, e.unit ?? e.division, e.shift && t('psp.shift', { shift: e.shift })]
      .filter(Boolean)
      .join(', ');
    return html`${e.name ?? e.employee_id} (${e.employee_id})<span class="hint">${where}</span>`;
  }

  private due(a: Assignment): string {
    const when = this.date(new Date(a.due_ms).toISOString());
    return a.hours_left < 0
      ? t('psp.late', { when })
      : t('psp.dueIn', { when, hours: a.hours_left });
  }

  private actions(a: Assignment): TemplateResult {
    return html`${
      a.status === 'assigned'
        ? html`<button ?disabled=${this.busy} @click=${() => this.act('activation.acknowledge', a)}>
            ${t('psp.acknowledge')}
          </button>`
        : nothing
    }
    ${
      a.status !== 'checked_in'
        ? html`<button
            class=${a.status === 'assigned' ? 'secondary' : ''}
            ?disabled=${this.busy}
            @click=${() => this.act('activation.check_in', a)}
          >
            ${t('psp.checkIn')}
          </button>`
        : nothing
    }`;
  }

  private renderLimits(): TemplateResult {
    const l = this.limits;
    if (!l) {
      return html``;
    }
    return html`<h2>${t('psp.limitsTitle')}</h2>
      <div class="inset">
        <p>${t('psp.limitsIntro')}</p>
        <ul>
          ${l.confidentiality_limits.map(
            (x) => html`<li>${x.text} <span class="hint">${x.citation}</span></li>`,
          )}
        </ul>
        <p><strong>${t('psp.protection')}</strong> ${l.protection.answer}</p>
        <p class="hint">${t('psp.profile', { profile: l.profile.title })}</p>
      </div>`;
  }

  protected renderBody(): TemplateResult {
    return html`
      <p class="lead">${t('psp.assignmentsLead')}</p>
      ${
        this.inbox.length > 0
          ? table(
              t('psp.assignmentsCaption'),
              [
                t('col.person'),
                t('col.incident'),
                t('col.status'),
                t('col.checkInBy'),
                t('col.action'),
              ],
              this.inbox.map((a) => [
                this.who(a),
                String(a.incident_id),
                label('assignment', a.status),
                this.due(a),
                this.actions(a),
              ]),
            )
          : html`<p>${t('psp.noAssignments')}</p>`
      }
      ${this.renderLimits()}
      <p><a href="#" @click=${this.toContact}>${t('psp.logAContact')}</a></p>
    `;
  }

  private toContact = (e: Event) => {
    e.preventDefault();
    this.bridge.navigate('log-contact');
  };
}

const contactCategories = [
  'on_scene_support',
  'post_critical_incident',
  'hospital_visitation',
  'death_notification',
  'family_support',
  'relationship_issues',
  'career_issues',
  'substance_abuse_eap',
] as const;
const referralKinds = [
  'clinician',
  'chaplain',
  'another_psp',
  'eap',
  'substance_abuse_program',
  'medical',
  'other',
] as const;

// Logging a contact: kind, time, referrals. Never who; the page says so before anything is
// entered.
export class LogContactPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.logContact';
  protected override fieldTargets = {
    '/params/category': 'category',
    '/params/minutes': 'minutes',
  };

  private async submit(e: Event) {
    e.preventDefault();
    const category = this.formValue('category');
    const minutes = this.formValue('minutes');
    const errors = [];
    if (!category) {
      errors.push({ message: t('contact.categoryMissing'), target: 'category' });
    }
    if (!/^[0-9]+$/.test(minutes) || Number(minutes) < 1 || Number(minutes) > 1440) {
      errors.push({ message: t('contact.minutesInvalid'), target: 'minutes' });
    }
    if (this.refuse(errors)) {
      return;
    }
    const referrals = referralKinds.filter((k) => this.checked('ref-' + k));
    const result = await this.write<{ referral_prompt: boolean }>(
      'contact.log',
      { category, minutes: Number(minutes), referrals },
      t('contact.logged'),
    );
    if (result?.referral_prompt) {
      this.notice = t('contact.logged') + ' ' + t('contact.referralPrompt');
    }
  }

  protected renderBody(): TemplateResult {
    return html`
      <p class="lead">${t('contact.lead')}</p>
      <form @submit=${this.submit} novalidate>
        <label for="category">${t('field.category')}</label>
        ${this.fieldError('category')}
        <select id="category" name="category">
          <option value="">${t('common.choose')}</option>
          ${contactCategories.map((c) => html`<option value=${c}>${label('contact', c)}</option>`)}
        </select>
        <label for="minutes"
          >${t('field.minutes')}<span class="hint">${t('hint.minutes')}</span></label
        >
        ${this.fieldError('minutes')}
        <input id="minutes" name="minutes" inputmode="numeric" autocomplete="off" />
        <fieldset>
          <legend>${t('field.referrals')}</legend>
          ${referralKinds.map(
            (k) =>
              html`<label class="choice" for="ref-${k}"
                ><input type="checkbox" id="ref-${k}" />${label('referral', k)}</label
              >`,
          )}
        </fieldset>
        <button type="submit" ?disabled=${this.busy}>${t('contact.submit')}</button>
      </form>
    `;
  }
}

interface Compliance {
  status: string;
  period: string;
  period_end: string;
  hours_required: number;
  hours_this_period: number;
  hours_outstanding: number;
  missing_topics: string[];
  on_leave: boolean;
}

// My training: this period's hours and what is still needed.
export class MyTrainingPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.myTraining';
  static override properties = { ...PspPage.properties, compliance: { state: true } };
  compliance: Compliance | undefined;

  protected override async load(): Promise<void> {
    // The page does not know who the user is: SELF asks the host to put its session's person here.
    this.compliance = await this.read<Compliance>('training.compliance', { employee_id: SELF });
  }

  protected renderBody(): TemplateResult {
    const c = this.compliance;
    if (!c) {
      return html``;
    }
    return html`
      <dl class="summary">
        <dt>${t('training.status')}</dt>
        <dd>
          <span class="tag ${c.status === 'compliant' ? 'good' : 'bad'}"
            >${label('compliance', c.status)}</span
          >
        </dd>
        <dt>${t('training.period')}</dt>
        <dd>${c.period} (${t('training.ends')} ${this.date(c.period_end)})</dd>
        <dt>${t('training.hours')}</dt>
        <dd>${t('training.hoursOf', { done: c.hours_this_period, required: c.hours_required })}</dd>
        <dt>${t('training.outstanding')}</dt>
        <dd>${c.hours_outstanding}</dd>
      </dl>
      ${
        c.missing_topics.length > 0
          ? html`<h2>${t('training.missingTopics')}</h2>
              <ul>
                ${c.missing_topics.map((topic) => html`<li>${topic}</li>`)}
              </ul>`
          : nothing
      }
      ${c.on_leave ? html`<p class="inset">${t('training.onLeave')}</p>` : nothing}
    `;
  }
}

interface Declaration {
  employee_id: string;
  category: string;
  declared_ms?: number;
}

const conflictCategories = [
  'family',
  'friend',
  'prior_relationship',
  'financial',
  'other',
] as const;

// Declaring a conflict: someone this PSP should never be assigned to. The reason stays a
// category; the page asks for nothing more.
export class ConflictsPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.conflicts';
  static override properties = { ...PspPage.properties, declarations: { state: true } };
  declarations: Declaration[] = [];
  protected override fieldTargets = { '/params/employee_id': 'employee' };

  protected override async load(): Promise<void> {
    const result = await this.read<{ declarations: Declaration[] }>('conflict.declarations');
    this.declarations = result?.declarations ?? [];
  }

  private async submit(e: Event) {
    e.preventDefault();
    const employee = this.formValue('employee');
    if (this.refuse(employee ? [] : [{ message: t('psp.employeeMissing'), target: 'employee' }])) {
      return;
    }
    const category = this.formValue('category') || 'other';
    if (
      await this.write(
        'conflict.declare',
        { employee_id: employee, category },
        t('conflict.declared'),
      )
    ) {
      await this.reload();
    }
  }

  private async withdraw(d: Declaration) {
    if (
      await this.write(
        'conflict.withdraw_declaration',
        { employee_id: d.employee_id },
        t('conflict.withdrawn'),
      )
    ) {
      await this.reload();
    }
  }

  protected renderBody(): TemplateResult {
    return html`
      <p class="lead">${t('conflict.lead')}</p>
      ${table(
        t('conflict.caption'),
        [t('col.person'), t('col.category'), t('col.action')],
        this.declarations.map((d) => [
          d.employee_id,
          label('conflict', d.category),
          html`<button class="secondary" @click=${() => this.withdraw(d)}>
            ${t('conflict.withdraw')}
          </button>`,
        ]),
      )}
      <h2>${t('conflict.newTitle')}</h2>
      <form @submit=${this.submit} novalidate>
        <label for="employee"
          >${t('field.employee')}<span class="hint">${t('hint.employee')}</span></label
        >
        ${this.fieldError('employee')}
        <input id="employee" name="employee" autocomplete="off" />
        <label for="category">${t('field.conflictKind')}</label>
        <select id="category" name="category">
          ${conflictCategories.map((c) => html`<option value=${c}>${label('conflict', c)}</option>`)}
        </select>
        <button type="submit" ?disabled=${this.busy}>${t('conflict.submit')}</button>
      </form>
    `;
  }
}

// Leave: stepping back for a while, no reason asked.
export class LeavePage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.leave';
  protected override fieldTargets = { '/params/planned_return': 'return' };

  private async start(e: Event) {
    e.preventDefault();
    const planned = this.formValue('return');
    if (planned && !/^\d{4}-\d{2}-\d{2}$/.test(planned)) {
      this.refuse([{ message: t('leave.dateInvalid'), target: 'return' }]);
      return;
    }
    await this.write('leave.start', planned ? { planned_return: planned } : {}, t('leave.started'));
  }

  private async end() {
    await this.write('leave.end', {}, t('leave.ended'));
  }

  protected renderBody(): TemplateResult {
    return html`
      <p class="lead">${t('leave.lead')}</p>
      <form @submit=${this.start} novalidate>
        <label for="return"
          >${t('field.plannedReturn')}<span class="hint">${t('hint.date')}</span></label
        >
        ${this.fieldError('return')}
        <input id="return" name="return" type="date" />
        <button type="submit" ?disabled=${this.busy}>${t('leave.start')}</button>
      </form>
      <h2>${t('leave.backTitle')}</h2>
      <p>${t('leave.backLead')}</p>
      <button class="secondary" ?disabled=${this.busy} @click=${this.end}>${t('leave.end')}</button>
    `;
  }
}

interface Agreement {
  agreement: { title: string; body: string; version: number; published_ms: number } | null;
  signed_by_principal: boolean;
}

// The confidentiality agreement: read it, then sign it (check answers before submitting).
export class AgreementPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.agreement';
  static override properties = { ...PspPage.properties, current: { state: true } };
  current: Agreement | undefined;
  protected override fieldTargets = { '/params/version': 'confirm' };

  protected override async load(): Promise<void> {
    this.current = await this.read<Agreement>('agreement.current');
  }

  private async sign(e: Event) {
    e.preventDefault();
    if (!this.checked('confirm')) {
      this.refuse([{ message: t('agreement.confirmMissing'), target: 'confirm' }]);
      return;
    }
    const version = this.current?.agreement?.version;
    if (await this.write('agreement.sign', { version }, t('agreement.signed'))) {
      await this.reload();
    }
  }

  protected renderBody(): TemplateResult {
    const a = this.current?.agreement;
    if (!a) {
      return html`<p>${t('agreement.none')}</p>`;
    }
    return html`
      <h2>${a.title}</h2>
      <p>${t('agreement.version', { version: a.version })}</p>
      <div class="inset">${a.body.split('\n').map((p) => html`<p>${p}</p>`)}</div>
      ${
        this.current?.signed_by_principal
          ? html`<p><span class="tag good">${t('agreement.alreadySigned')}</span></p>`
          : html`<form @submit=${this.sign} novalidate>
              ${this.fieldError('confirm')}
              <label class="choice" for="confirm"
                ><input type="checkbox" id="confirm" />${t('agreement.confirm')}</label
              >
              <button type="submit" ?disabled=${this.busy}>${t('agreement.sign')}</button>
            </form>`
      }
    `;
  }
}
