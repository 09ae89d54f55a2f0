// pages/employee.ts: what any employee can do: choose a peer supporter (never someone in their
// own chain of command; the plugin filters), volunteer, and decline an assigned PSP.
import { html, nothing, type TemplateResult } from 'lit';
import { PspPage, table } from '../page-base.js';
import { t, label, type MessageKey } from '../messages.js';

interface Available {
  employee_id: string;
  name: string;
  title: string;
  division: string;
  shift: string;
  category: string;
}

export class ChooseSupporterPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.chooseSupporter';
  static override properties = { ...PspPage.properties, psps: { state: true } };
  psps: Available[] = [];

  protected override async load(): Promise<void> {
    const result = await this.read<{ psps: Available[] }>('roster.available');
    this.psps = result?.psps ?? [];
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('choose.lead')}</p>
      <p class="inset">${t('choose.private')}</p>
      ${table(
        t('choose.caption'),
        [t('col.name'), t('col.title'), t('col.division'), t('col.shift'), t('col.kind')],
        this.psps.map((p) => [p.name, p.title, p.division, p.shift, label('category', p.category)]),
      )}`;
  }
}

export class VolunteerPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.volunteer';
  static override properties = { ...PspPage.properties, confirming: { state: true } };
  confirming = false;

  private async apply() {
    await this.write('selection.apply', {}, t('volunteer.done'));
    this.confirming = false;
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('volunteer.lead')}</p>
      <h2>${t('volunteer.stepsTitle')}</h2>
      <ol>
        <li>${t('volunteer.step1')}</li>
        <li>${t('volunteer.step2')}</li>
        <li>${t('volunteer.step3')}</li>
        <li>${t('volunteer.step4')}</li>
      </ol>
      ${
        this.confirming
          ? html`<div class="inset">
              <p>${t('volunteer.check')}</p>
              <button ?disabled=${this.busy} @click=${this.apply}>${t('volunteer.confirm')}</button>
              <button class="secondary" @click=${() => (this.confirming = false)}>
                ${t('common.cancel')}
              </button>
            </div>`
          : this.notice
            ? nothing
            : html`<button @click=${() => (this.confirming = true)}>
                ${t('volunteer.start')}
              </button>`
      }`;
  }
}

export class DeclineSupporterPage extends PspPage {
  protected readonly titleKey: MessageKey = 'page.declineSupporter';
  protected override fieldTargets = { '/params/incident_id': 'incident' };

  private async submit(e: Event) {
    e.preventDefault();
    const incident = this.formValue('incident');
    if (!/^[0-9]+$/.test(incident)) {
      this.refuse([{ message: t('psp.incidentMissing'), target: 'incident' }]);
      return;
    }
    await this.write('activation.decline', { incident_id: Number(incident) }, t('decline.done'));
  }

  protected renderBody(): TemplateResult {
    return html`<p class="lead">${t('decline.lead')}</p>
      <form @submit=${this.submit} novalidate>
        <label for="incident"
          >${t('field.incident')}<span class="hint">${t('hint.incidentEmployee')}</span></label
        >
        ${this.fieldError('incident')}
        <input id="incident" name="incident" inputmode="numeric" autocomplete="off" />
        <button type="submit" ?disabled=${this.busy}>${t('decline.submit')}</button>
      </form>`;
  }
}
