import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../shared/api';
import { ErrorBanner, FieldErrors } from '../shared/field-errors';
import { STRENGTHS, type Choice, type ServedTask } from './task-types';

/** Keys typed into a field are the field's, not shortcuts. */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.tagName === 'TEXTAREA' ||
    (target.tagName === 'INPUT' && ['text', 'number'].includes((target as HTMLInputElement).type)));

/**
 * One task: the prompt, the responses side by side in exactly the order served,
 * the choice (or tie) and its strength. The dwell time runs from the moment the
 * task is shown to the submission.
 */
export function TaskView({ task, onDone }: { task: ServedTask; onDone: (outcome: 'judged' | 'skipped') => void }) {
  const [choice, setChoiceState] = useState<Choice | undefined>();
  const [strength, setStrengthState] = useState<1 | 2 | 3 | undefined>();
  const [scores, setScores] = useState<Record<string, number>>({});
  const [comment, setComment] = useState('');
  const [error, setError] = useState<Error | undefined>();
  const [busy, setBusyState] = useState(false);
  // The keys act on these refs, set at once: a state update renders later (and an effect would re-attach the
  // listener later still, after a frame), so Enter right after 1 would otherwise submit without the choice.
  const current = useRef<{ choice: Choice | undefined; strength: 1 | 2 | 3 | undefined; busy: boolean }>({
    choice: undefined,
    strength: undefined,
    busy: false,
  });
  const setChoice = (value: Choice | undefined) => {
    current.current.choice = value;
    setChoiceState(value);
  };
  const setStrength = (value: 1 | 2 | 3 | undefined) => {
    current.current.strength = value;
    setStrengthState(value);
  };
  const setBusy = (value: boolean) => {
    current.current.busy = value;
    setBusyState(value);
  };
  const [showGuidelines, setShowGuidelines] = useState(false);
  const shownAt = useRef(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useLayoutEffect(() => {
    shownAt.current = performance.now();
    heading.current?.focus();
  }, [task.assignmentId]);

  const submit = async () => {
    if (current.current.busy) return;
    const { choice, strength } = current.current;
    setBusy(true);
    setError(undefined);
    const dwellTimeMs = Math.max(0, Math.round(performance.now() - shownAt.current));
    try {
      await api.post(`/v1/assignments/${encodeURIComponent(task.assignmentId)}/judgment`, {
        ...(choice !== undefined && { choice }),
        ...(strength !== undefined && choice?.kind === 'preferred' && { strength }),
        ...(Object.keys(scores).length > 0 && { rubric: scores }),
        ...(comment.trim() !== '' && { comment }),
        dwellTimeMs,
        locale: navigator.language || 'und',
        interfaceVersion: 'workbench-1',
      });
      onDone('judged');
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  const skip = async () => {
    if (current.current.busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await api.post(`/v1/assignments/${encodeURIComponent(task.assignmentId)}/skip`);
      onDone('skipped');
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };

  // A layout effect: attached while the task is committed to the page, before any key can reach it (an effect runs
  // only after the next frame, and a key pressed before that was lost: the e2e reversal test's timeout under load).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && typingIn(e.target)) {
        (e.target as HTMLElement).blur();
        heading.current?.focus();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      const key = e.key.toLowerCase();
      const n = Number(key);
      if (Number.isInteger(n) && n >= 1 && n <= task.responses.length) {
        setChoice({ kind: 'preferred', responseId: task.responses[n - 1].id });
      } else if (key === 't') {
        setChoice({ kind: 'tie' });
        setStrength(undefined);
      } else if (STRENGTHS.some((s) => s.key === key)) {
        setStrength(STRENGTHS.find((s) => s.key === key)!.value);
      } else if (key === 'enter') {
        // Enter on a focused button is that button's.
        if (e.target instanceof HTMLButtonElement) return;
        void submit();
      } else if (key === 'k') {
        void skip();
      } else if (key === 'r' && (task.rubric ?? []).length > 0) {
        document.getElementById(`rubric-${task.rubric![0].id}`)?.focus();
      } else if (key === 'c') {
        document.getElementById('comment')?.focus();
      } else if (key === 'g') {
        setShowGuidelines((v) => !v);
      } else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  const issues = error instanceof ApiError ? error.issues : [];
  const choiceIssues = error instanceof ApiError ? error.issuesFor('choice') : [];
  const strengthIssues = error instanceof ApiError ? error.issuesFor('strength') : [];
  const rubricIssues = error instanceof ApiError ? error.issuesFor('rubric') : [];
  const commentIssues = error instanceof ApiError ? error.issuesFor('comment') : [];
  const otherIssues = issues.filter(
    (i) => ![choiceIssues, strengthIssues, rubricIssues, commentIssues].some((list) => list.includes(i)),
  );
  const { completed, total } = task.progress;
  const chosenId = choice?.kind === 'preferred' ? choice.responseId : undefined;

  return (
    <form
      ref={formRef}
      data-assignment-id={task.assignmentId}
      // Not shown to the rater (a check announced is no check); tests read it.
      data-reversal-check={task.reversalOf ? 'true' : 'false'}
      aria-labelledby="task-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div class="task-meta">
        <div class="progress">
          <label for="quota">Progress</label>
          <progress id="quota" max={Math.max(total, 1)} value={completed} />
          <span>
            {completed} of {total} judged
          </span>
        </div>
        {task.guidelineVersion && <span>guidelines {task.guidelineVersion}</span>}
        {task.objective && <span>objective: {task.objective}</span>}
      </div>
      <h1 id="task-title" tabIndex={-1} ref={heading}>
        Which response is better?
      </h1>
      {showGuidelines && task.guidelines && (
        <section class="notice guidelines" aria-label="Guidelines">
          {task.guidelines}
        </section>
      )}
      <h2>Prompt</h2>
      <div class="prompt" data-testid="prompt">
        {task.prompt}
      </div>
      <div class="responses" data-testid="responses">
        {task.responses.map((r, i) => (
          <article
            class="response"
            key={r.id}
            data-response-id={r.id}
            data-chosen={chosenId === r.id ? 'true' : 'false'}
            aria-labelledby={`response-${i + 1}-title`}
          >
            <h3 id={`response-${i + 1}-title`}>
              Response {i + 1} <kbd>{i + 1}</kbd>
            </h3>
            <div class="text">{r.text}</div>
          </article>
        ))}
      </div>
      <fieldset aria-describedby={choiceIssues.length > 0 ? 'choice-errors' : undefined}>
        <legend>Your choice</legend>
        <div class="choices">
          {task.responses.map((r, i) => (
            <label key={r.id}>
              <input
                type="radio"
                name="choice"
                value={r.id}
                checked={chosenId === r.id}
                onChange={() => setChoice({ kind: 'preferred', responseId: r.id })}
              />
              Response {i + 1} is better
            </label>
          ))}
          <label>
            <input
              type="radio"
              name="choice"
              value="tie"
              checked={choice?.kind === 'tie'}
              onChange={() => {
                setChoice({ kind: 'tie' });
                setStrength(undefined);
              }}
            />
            Tie (<kbd>T</kbd>)
          </label>
        </div>
        <FieldErrors id="choice-errors" issues={choiceIssues} />
      </fieldset>
      <fieldset
        disabled={choice?.kind === 'tie'}
        aria-describedby={strengthIssues.length > 0 ? 'strength-errors' : undefined}
      >
        <legend>How much better (optional)</legend>
        <div class="choices">
          {STRENGTHS.map((s) => (
            <label key={s.value}>
              <input
                type="radio"
                name="strength"
                value={String(s.value)}
                checked={strength === s.value}
                onChange={() => setStrength(s.value)}
              />
              {s.label} (<kbd>{s.key.toUpperCase()}</kbd>)
            </label>
          ))}
        </div>
        <FieldErrors id="strength-errors" issues={strengthIssues} />
      </fieldset>
      {(task.rubric ?? []).length > 0 && (
        <fieldset aria-describedby={rubricIssues.length > 0 ? 'rubric-errors' : undefined} data-testid="rubric">
          <legend>
            Rubric (optional, <kbd>R</kbd>)
          </legend>
          <div class="choices">
            {task.rubric!.map((d) => (
              <label key={d.id}>
                {d.label} ({d.scale.min}–{d.scale.max})
                <input
                  id={`rubric-${d.id}`}
                  type="number"
                  name={`rubric.${d.id}`}
                  min={d.scale.min}
                  max={d.scale.max}
                  step={1}
                  value={scores[d.id] ?? ''}
                  onInput={(e) => {
                    const raw = (e.target as HTMLInputElement).value;
                    setScores((current) => {
                      const { [d.id]: _dropped, ...rest } = current;
                      return raw === '' ? rest : { ...rest, [d.id]: Number(raw) };
                    });
                  }}
                />
              </label>
            ))}
          </div>
          <FieldErrors id="rubric-errors" issues={rubricIssues} />
        </fieldset>
      )}
      <div class="comment">
        <label for="comment">
          Comment (optional, <kbd>C</kbd>)
        </label>
        <textarea
          id="comment"
          name="comment"
          maxLength={2000}
          rows={2}
          value={comment}
          onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
          aria-describedby={commentIssues.length > 0 ? 'comment-errors' : undefined}
        />
        <FieldErrors id="comment-errors" issues={commentIssues} />
      </div>
      <FieldErrors id="other-errors" issues={otherIssues} />
      {issues.length === 0 && <ErrorBanner error={error} />}
      <div class="actions">
        <button type="submit" disabled={busy}>
          Submit <kbd>Enter</kbd>
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void skip()}>
          Skip <kbd>K</kbd>
        </button>
      </div>
    </form>
  );
}
