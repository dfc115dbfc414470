import type { Labels } from './types';

export const defaultLabels: Labels = {
  group: 'Was this answer helpful?',
  up: 'Good answer',
  down: 'Bad answer',
  comment: 'What was wrong? (optional)',
  correction: 'Corrected answer (optional)',
  submit: 'Send feedback',
  sent: 'Thanks, your feedback was sent.',
  queued: 'Saved; your feedback will be sent when the connection is back.',
  rejected: 'Sorry, your feedback could not be recorded.',
};

export interface WidgetHandlers {
  readonly up: () => void;
  readonly submit: (comment: string, correction: string) => void;
}

export interface WidgetView {
  status(text: string): void;
  remove(): void;
}

const STYLE_ID = 'hindsight-feedback-style';
// Scoped to .hs-fb so the host page's styles and ours leave each other alone; the
// focus ring is explicit because many resets remove the browser's.
const CSS =
  '.hs-fb{display:flex;flex-wrap:wrap;gap:.5em;align-items:center}' +
  '.hs-fb button{font:inherit;cursor:pointer;padding:.3em .7em;border:1px solid #767676;border-radius:.4em;background:#fff;color:#111}' +
  '.hs-fb button[aria-pressed=true]{background:#e8f0fe;border-color:#1a56db}' +
  '.hs-fb :focus-visible{outline:3px solid #1a56db;outline-offset:2px}' +
  '.hs-fb form{flex-basis:100%;display:grid;gap:.5em}.hs-fb form[hidden]{display:none}' +
  '.hs-fb label{display:grid;gap:.25em}.hs-fb textarea{font:inherit;min-height:4em}' +
  '.hs-fb p{margin:0;flex-basis:100%;min-height:1.2em}';

let formIds = 0;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string>,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const name in attributes) node.setAttribute(name, attributes[name]);
  node.append(...children);
  return node;
}

/**
 * Thumbs up and down as real buttons; thumbs down opens a small form (comment and
 * corrected answer, both optional) and moves focus into it; a polite live region
 * announces what happened to the feedback.
 */
export function renderWidget(host: Element, labels: Labels, on: WidgetHandlers): WidgetView {
  if (!document.getElementById(STYLE_ID)) document.head.append(el('style', { id: STYLE_ID }, CSS));
  const formId = `hs-fb-form-${++formIds}`;
  const up = el(
    'button',
    { type: 'button', 'aria-label': labels.up, title: labels.up, 'aria-pressed': 'false' },
    '\u{1F44D}',
  );
  const down = el(
    'button',
    {
      type: 'button',
      'aria-label': labels.down,
      title: labels.down,
      'aria-pressed': 'false',
      'aria-expanded': 'false',
      'aria-controls': formId,
    },
    '\u{1F44E}',
  );
  const comment = el('textarea', { name: 'comment', maxlength: '10000' });
  const correction = el('textarea', { name: 'correctedResponse', maxlength: '100000' });
  const form = el(
    'form',
    { id: formId, hidden: '' },
    el('label', {}, labels.comment, comment),
    el('label', {}, labels.correction, correction),
    el('button', { type: 'submit' }, labels.submit),
  );
  const live = el('p', { role: 'status', 'aria-live': 'polite' });
  const root = el('div', { class: 'hs-fb', role: 'group', 'aria-label': labels.group }, up, down, form, live);

  const press = (chosen: HTMLButtonElement | undefined) => {
    up.setAttribute('aria-pressed', String(chosen === up));
    down.setAttribute('aria-pressed', String(chosen === down));
  };
  const open = (isOpen: boolean) => {
    form.hidden = !isOpen;
    down.setAttribute('aria-expanded', String(isOpen));
  };
  up.addEventListener('click', () => {
    press(up);
    open(false);
    on.up();
  });
  down.addEventListener('click', () => {
    press(down);
    open(form.hidden);
    if (!form.hidden) comment.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    on.submit(comment.value.trim(), correction.value.trim());
    form.reset();
    open(false);
    down.focus();
  });
  host.append(root);
  return {
    status: (text) => {
      live.textContent = text;
    },
    remove: () => root.remove(),
  };
}
