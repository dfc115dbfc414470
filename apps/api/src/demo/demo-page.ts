const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]);

export interface DemoPageInput {
  /** A browser key (scope `feedback`); the page says how to get one when it is missing. */
  readonly key?: string;
  readonly interactionId: string;
}

/**
 * A fake chat answer with the widget under it. The key and interaction id reach
 * the script through escaped data attributes, never through script text, so a
 * crafted query string cannot inject markup or code.
 */
export function renderDemoPage(input: DemoPageInput): string {
  const widget = input.key
    ? `<div id="feedback" data-key="${escapeHtml(input.key)}" data-interaction="${escapeHtml(input.interactionId)}"></div>`
    : '<p id="feedback">Add <code>?key=&lt;browser key&gt;</code> (scope feedback, this origin allowed) to mount the widget.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hindsight feedback widget demo</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42em;margin:2em auto;padding:0 1em;color:#111}.turn{border:1px solid #ccc;border-radius:.5em;padding:.5em 1em;margin:1em 0}</style>
</head>
<body>
<main>
<h1>Feedback widget demo</h1>
<div class="turn"><p><strong>You:</strong> How do I reverse a string in Python?</p></div>
<div class="turn">
<p><strong>Assistant:</strong> Use a loop that prepends each character to a new string.</p>
${widget}
</div>
</main>
<script src="/widget/hindsight-feedback.js"></script>
<script>
(function () {
  var host = document.getElementById('feedback');
  if (!host.dataset.key) return;
  window.hindsightWidget = Hindsight.mount(host, { endpoint: location.origin, key: host.dataset.key, interactionId: host.dataset.interaction });
})();
</script>
</body>
</html>
`;
}
