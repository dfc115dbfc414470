import { SHORTCUTS } from './task-types';

/** The keyboard shortcuts, always listed under the task. */
export function Shortcuts() {
  return (
    <section class="shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl>
        {SHORTCUTS.map((s) => (
          <>
            <dt key={`k-${s.keys}`}>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd key={`a-${s.keys}`}>{s.action}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}
