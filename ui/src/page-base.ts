// page-base.ts: what every page shares: the bridge the host gives it, calling a method with a
// clear error summary (GOV.UK pattern: "There is a problem", each error linking to its field),
// a confirmation after a change, and dates shown in the agency's time zone.
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { BridgeError, newIdempotencyKey, type Bridge } from './bridge.js';
import { pageStyles, visuallyHidden } from './styles.js';
import { t, type MessageKey } from './messages.js';

export interface ShownError {
  message: string;
  // The id of the input the error is about, when the plugin named a field the page shows.
  target?: string;
}

export abstract class PspPage extends LitElement {
  static override styles = [pageStyles, visuallyHidden];
  static override properties = {
    bridge: { attribute: false },
    errors: { state: true },
    notice: { state: true },
    busy: { state: true },
    loaded: { state: true },
  };

  bridge!: Bridge;
  errors: ShownError[] = [];
  notice = '';
  busy = false;
  loaded = false;

  // The page's heading, from the catalogue; also the manifest's title.
  protected abstract readonly titleKey: MessageKey;
  // Maps a plugin error's field (a JSON pointer such as /params/employee_id) to an input id.
  protected fieldTargets: Record<string, string> = {};

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
  }

  // Reads what the page shows. Pages that show nothing before a form leave it empty.
  protected async load(): Promise<void> {}

  protected async reload(): Promise<void> {
    await this.load();
    this.loaded = true;
  }

  protected can(method: string): boolean {
    return this.bridge.context.methods.includes(method);
  }

  // A read: resolves with the result, or undefined after showing the error.
  protected async read<T>(method: string, params: object = {}): Promise<T | undefined> {
    try {
      return (await this.bridge.call(method, params)) as T;
    } catch (e) {
      this.showError(e);
      return undefined;
    }
  }

  // A change: one idempotency key per submit, busy while it runs, the notice on success.
  protected async write<T>(method: string, params: object, notice: string): Promise<T | undefined> {
    this.busy = true;
    this.errors = [];
    this.notice = '';
    try {
      const result = (await this.bridge.call(method, params, {
        idempotencyKey: newIdempotencyKey(),
      })) as T;
      this.notice = notice;
      await this.updateComplete;
      this.focusFirst('.notice');
      return result;
    } catch (e) {
      this.showError(e);
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  // A change whose page shows what changed: the notice appears only once the page has read the
  // new state, so nothing on screen contradicts it and a second click meets the new state.
  protected async writeAndReload<T>(
    method: string,
    params: object,
    notice: string,
  ): Promise<T | undefined> {
    const result = await this.write<T>(method, params, '');
    if (result === undefined) {
      return undefined;
    }
    this.busy = true;
    try {
      await this.reload();
    } finally {
      this.busy = false;
    }
    this.notice = notice;
    await this.updateComplete;
    this.focusFirst('.notice');
    return result;
  }

  protected showError(e: unknown): void {
    const error =
      e instanceof BridgeError ? e : new BridgeError({ code: 'internal', message: String(e) });
    const target = error.field ? this.targetFor(error.field) : undefined;
    this.errors = [{ message: this.explain(error), target }];
    void this.updateComplete.then(() => this.focusFirst('.error-summary'));
  }

  // The plugin's own message says what to do; a few codes get the catalogue's plainer words.
  private explain(error: BridgeError): string {
    switch (error.code) {
      case 'forbidden':
        return t('error.forbidden');
      case 'session_expired':
        return t('error.sessionExpired');
      case 'host_unavailable':
        return t('error.hostUnavailable');
      default:
        return error.message;
    }
  }

  private targetFor(field: string): string | undefined {
    for (const [pointer, id] of Object.entries(this.fieldTargets)) {
      if (field === pointer || field.startsWith(pointer + '/')) {
        return id;
      }
    }
    return undefined;
  }

  protected focusFirst(selector: string): void {
    const element = this.renderRoot.querySelector<HTMLElement>(selector);
    element?.focus();
  }

  protected focusField(id: string): void {
    this.renderRoot.querySelector<HTMLElement>('#' + id)?.focus();
  }

  protected formValue(id: string): string {
    const element = this.renderRoot.querySelector<HTMLInputElement | HTMLSelectElement>('#' + id);
    return element ? element.value.trim() : '';
  }

  protected checked(id: string): boolean {
    return this.renderRoot.querySelector<HTMLInputElement>('#' + id)?.checked ?? false;
  }

  // Errors found before calling (an empty required field), shown the same way.
  protected refuse(errors: ShownError[]): boolean {
    if (errors.length === 0) {
      return false;
    }
    this.errors = errors;
    this.notice = '';
    void this.updateComplete.then(() => this.focusFirst('.error-summary'));
    return true;
  }

  protected fieldError(id: string): TemplateResult | typeof nothing {
    const error = this.errors.find((e) => e.target === id);
    return error
      ? html`<span class="field-error" id="${id}-error"
          ><span class="visually-hidden">${t('common.errorPrefix')}</span> ${error.message}</span
        >`
      : nothing;
  }

  protected date(iso: string | undefined | null): string {
    if (!iso) {
      return t('common.none');
    }
    const when = new Date(iso.length === 10 ? iso + 'T12:00:00Z' : iso);
    if (Number.isNaN(when.getTime())) {
      return iso;
    }
    const options: Intl.DateTimeFormatOptions =
      iso.length === 10
        ? { dateStyle: 'long', timeZone: 'UTC' }
        : { dateStyle: 'long', timeStyle: 'short', timeZone: this.bridge.context.timeZone };
    return new Intl.DateTimeFormat(this.bridge.context.locale || 'en-US', options).format(when);
  }

  protected abstract renderBody(): TemplateResult;

  override render(): TemplateResult {
    return html`
      <h1>${t(this.titleKey)}</h1>
      ${
        this.errors.length > 0
          ? html`<div
              class="error-summary"
              role="alert"
              tabindex="-1"
              aria-labelledby="error-summary-title"
            >
              <h2 id="error-summary-title">${t('common.problem')}</h2>
              <ul>
                ${this.errors.map((e) =>
                  e.target
                    ? html`<li>
                        <a
                          href="#${e.target}"
                          @click=${(ev: Event) => {
                            ev.preventDefault();
                            this.focusField(e.target!);
                          }}
                          >${e.message}</a
                        >
                      </li>`
                    : html`<li>${e.message}</li>`,
                )}
              </ul>
            </div>`
          : nothing
      }
      ${
        this.notice
          ? html`<div class="notice" role="status" tabindex="-1">${this.notice}</div>`
          : nothing
      }
      ${this.loaded ? this.renderBody() : html`<p role="status">${t('common.loading')}</p>`}
    `;
  }
}

// A table of rows: the first column names the row (a row header), the caption names the table.
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly (string | number | TemplateResult)[])[],
  numeric: readonly number[] = [],
): TemplateResult {
  if (rows.length === 0) {
    return html`<p>${caption}: ${t('common.nothingYet')}</p>`;
  }
  // A wide table scrolls inside its own region, which keyboard users can reach and scroll.
  return html`<div class="table-wrap" role="region" aria-label=${caption} tabindex="0">
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${headers.map(
            (h, i) => html`<th scope="col" class=${numeric.includes(i) ? 'number' : ''}>${h}</th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${row.map((cell, i) =>
                i === 0
                  ? html`<th scope="row">${cell}</th>`
                  : html`<td class=${numeric.includes(i) ? 'number' : ''} data-label=${headers[i]}>
                      ${cell}
                    </td>`,
              )}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
