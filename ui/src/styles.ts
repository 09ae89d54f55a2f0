// styles.ts: the look every page shares. Colours, fonts and spacing come from CSS custom
// properties the host may set on any ancestor (docs/integration.md, "Theming"); the defaults
// follow the U.S. Web Design System's tokens so an agency's staff meet familiar patterns.
import { css } from 'lit';

export const pageStyles = css`
  :host {
    display: block;
    font-family: var(--psp-font-family, 'Source Sans Pro', 'Helvetica Neue', Arial, sans-serif);
    font-size: var(--psp-font-size, 1.0625rem);
    line-height: 1.5;
    color: var(--psp-color-text, #1b1b1b);
    max-width: 60rem;
  }
  h1 {
    font-size: 2rem;
    line-height: 1.2;
    margin: 0 0 1rem;
  }
  h2 {
    font-size: 1.375rem;
    margin: 1.5rem 0 0.5rem;
  }
  p.lead {
    font-size: 1.1875rem;
    max-width: 40rem;
  }
  a {
    color: var(--psp-color-link, #005ea2);
  }
  :focus-visible {
    outline: 0.25rem solid var(--psp-color-focus, #2491ff);
    outline-offset: 0.125rem;
  }
  button {
    font: inherit;
    font-weight: 700;
    padding: 0.625rem 1.25rem;
    border-radius: 0.25rem;
    border: 0;
    background: var(--psp-color-primary, #005ea2);
    color: var(--psp-color-on-primary, #ffffff);
    cursor: pointer;
    margin: 0.25rem 0.5rem 0.25rem 0;
  }
  button:hover {
    background: var(--psp-color-primary-dark, #1a4480);
  }
  button.secondary {
    background: transparent;
    color: var(--psp-color-primary, #005ea2);
    box-shadow: inset 0 0 0 2px var(--psp-color-primary, #005ea2);
  }
  button[disabled] {
    background: #c9c9c9;
    color: #454545;
    cursor: not-allowed;
  }
  label {
    display: block;
    font-weight: 700;
    margin-top: 1rem;
  }
  .hint {
    display: block;
    color: var(--psp-color-hint, #565c65);
    font-weight: 400;
  }
  input,
  select,
  textarea {
    font: inherit;
    display: block;
    margin-top: 0.25rem;
    padding: 0.5rem;
    border: 2px solid var(--psp-color-border, #565c65);
    border-radius: 0;
    max-width: 30rem;
    width: 100%;
    box-sizing: border-box;
  }
  input[type='checkbox'],
  input[type='radio'] {
    display: inline-block;
    width: auto;
    margin-right: 0.5rem;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 1rem 0 0;
  }
  legend {
    font-weight: 700;
  }
  .choice {
    display: block;
    font-weight: 400;
    margin-top: 0.5rem;
  }
  .error-summary {
    border: 4px solid var(--psp-color-error, #b50909);
    padding: 1rem;
    margin-bottom: 1.5rem;
  }
  .error-summary h2 {
    margin-top: 0;
  }
  .field-error {
    color: var(--psp-color-error, #b50909);
    font-weight: 700;
    display: block;
  }
  .notice {
    border-left: 0.5rem solid var(--psp-color-success, #00a91c);
    background: var(--psp-color-success-light, #ecf3ec);
    padding: 0.75rem 1rem;
    margin-bottom: 1.5rem;
  }
  .inset {
    border-left: 0.5rem solid var(--psp-color-info, #00bde3);
    background: var(--psp-color-info-light, #e7f6f8);
    padding: 0.75rem 1rem;
    margin: 1rem 0;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    margin: 0.5rem 0 1rem;
    min-width: 100%;
  }
  caption {
    text-align: left;
    font-weight: 700;
    padding: 0.5rem 0;
  }
  th,
  td {
    text-align: left;
    padding: 0.5rem 0.75rem 0.5rem 0;
    border-bottom: 1px solid var(--psp-color-border-light, #dfe1e2);
    vertical-align: top;
  }
  td.number,
  th.number {
    text-align: right;
  }
  .suppressed {
    color: var(--psp-color-hint, #565c65);
    font-style: italic;
  }
  .tag {
    display: inline-block;
    padding: 0 0.5rem;
    border-radius: 0.25rem;
    background: var(--psp-color-tag, #dfe1e2);
    font-size: 0.9375rem;
  }
  .tag.good {
    background: #ecf3ec;
    color: #216e1f;
  }
  .tag.bad {
    background: #f4e3db;
    color: #b50909;
  }
  dl.summary {
    display: grid;
    grid-template-columns: minmax(8rem, 14rem) 1fr;
    gap: 0.5rem 1rem;
  }
  dl.summary dt {
    font-weight: 700;
  }
  dl.summary dd {
    margin: 0;
  }
  .bar {
    fill: var(--psp-color-primary, #005ea2);
  }
  svg.chart {
    max-width: 100%;
    height: auto;
  }
  progress {
    width: 100%;
    max-width: 30rem;
  }
  @media (max-width: 40rem) {
    h1 {
      font-size: 1.625rem;
    }
    dl.summary {
      grid-template-columns: 1fr;
    }
    button {
      width: 100%;
    }
    /* On a phone a table reads as one card per row, each value under its column's name. */
    table,
    tbody,
    tr,
    th,
    td {
      display: block;
    }
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    tr {
      border-bottom: 2px solid var(--psp-border, #b1b4b6);
      padding: 0.5rem 0;
    }
    th,
    td {
      border: none;
      padding: 0.125rem 0;
    }
    td[data-label]::before {
      content: attr(data-label) ': ';
      font-weight: 700;
    }
  }
`;

// Read by screen readers, not shown: the "Error:" before a field's error.
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
