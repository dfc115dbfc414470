import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, withQuery } from '../shared/api';
import { ErrorBanner } from '../shared/field-errors';
import { Layout } from '../shared/layout';
import type { Session } from '../shared/session';
import { queueFromLocation } from './queue-from-location';
import { TaskView } from './task-view';
import { Shortcuts } from './shortcuts';
import type { ServedTask } from './task-types';

type State =
  | { readonly kind: 'choose-queue' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'guidelines'; readonly task: ServedTask }
  | { readonly kind: 'task'; readonly task: ServedTask }
  | { readonly kind: 'empty'; readonly judged: number | undefined; readonly total: number | undefined };

/**
 * The annotation workbench: the queue's guidelines first, then one task at a
 * time until the queue has nothing left for the rater. Everything works from
 * the keyboard (see SHORTCUTS).
 */
export function Workbench({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [queueId, setQueueId] = useState<string | undefined>(() =>
    queueFromLocation(location.pathname, location.search),
  );
  const [state, setState] = useState<State>(queueId ? { kind: 'loading' } : { kind: 'choose-queue' });
  const [error, setError] = useState<Error | undefined>();
  const last = useRef<ServedTask | undefined>(undefined);
  const guidelinesSeen = useRef(false);
  const lastOutcome = useRef<'judged' | 'skipped' | undefined>(undefined);

  const load = useCallback(async () => {
    if (!queueId) return;
    setState({ kind: 'loading' });
    setError(undefined);
    try {
      const task = await api.get<ServedTask>(withQuery('/v1/tasks/next', { queue: queueId }));
      if (!task) {
        // The last task's progress was read before it was judged: count it if it was (reversal checks never count).
        const shown = last.current;
        const counted = shown && lastOutcome.current === 'judged' && !shown.reversalOf ? 1 : 0;
        setState({
          kind: 'empty',
          judged: shown ? shown.progress.completed + counted : undefined,
          total: shown?.progress.total,
        });
        return;
      }
      last.current = task;
      setState(guidelinesSeen.current || !task.guidelines ? { kind: 'task', task } : { kind: 'guidelines', task });
    } catch (e) {
      setError(e as Error);
      setState({ kind: 'choose-queue' });
    }
  }, [queueId]);

  useEffect(() => {
    void load();
  }, [queueId]);

  const startTasks = () => {
    guidelinesSeen.current = true;
    if (state.kind === 'guidelines') setState({ kind: 'task', task: state.task });
  };

  return (
    <Layout title="Annotate" session={session} onSignOut={onSignOut}>
      <ErrorBanner error={error} />
      {state.kind === 'choose-queue' && (
        <QueuePicker
          initial={queueId}
          onPick={(q) => {
            history.replaceState(null, '', `/annotate/${encodeURIComponent(q)}`);
            setQueueId(q);
          }}
        />
      )}
      {state.kind === 'loading' && <p aria-busy="true">Loading the next task…</p>}
      {state.kind === 'guidelines' && <Guidelines task={state.task} onStart={startTasks} />}
      {state.kind === 'task' && (
        <TaskView
          key={state.task.assignmentId}
          task={state.task}
          onDone={(outcome) => {
            lastOutcome.current = outcome;
            void load();
          }}
        />
      )}
      {state.kind === 'empty' && (
        <section class="notice" aria-labelledby="empty-title">
          <h1 id="empty-title" tabIndex={-1} ref={(h) => h?.focus()}>
            No more tasks for you in this queue
          </h1>
          <p>
            {state.judged !== undefined && state.total !== undefined
              ? `You judged ${state.judged} of its ${state.total} tasks. Thank you!`
              : 'There is nothing left to judge here right now.'}{' '}
            New tasks may arrive later: reload this page to look again.
          </p>
        </section>
      )}
      <Shortcuts />
    </Layout>
  );
}

function QueuePicker({ initial, onPick }: { initial: string | undefined; onPick: (queueId: string) => void }) {
  const [value, setValue] = useState(initial ?? '');
  const input = useRef<HTMLInputElement>(null);
  // The autofocus attribute works once per document load: focus it here, so the keyboard goes on from sign-in.
  // Before the browser paints: a keyboard user who sees the field may type at once.
  useLayoutEffect(() => input.current?.focus(), []);
  return (
    <form
      class="sign-in"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) onPick(value.trim());
      }}
    >
      <h1>Which queue?</h1>
      <p>Open the link you were given (it ends with the queue id), or enter the queue id.</p>
      <label for="queue-id">Queue id</label>
      <input
        id="queue-id"
        ref={input}
        value={value}
        onInput={(e) => setValue((e.target as HTMLInputElement).value)}
        required
      />
      <button type="submit">Open the queue</button>
    </form>
  );
}

function Guidelines({ task, onStart }: { task: ServedTask; onStart: () => void }) {
  // Attached before the browser paints the guidelines: an Enter pressed as soon as they show must start
  // (with useEffect, a loaded machine showed the page before the listener existed and the Enter was lost).
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        onStart();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onStart]);
  return (
    <section aria-labelledby="guidelines-title">
      <h1 id="guidelines-title" tabIndex={-1} ref={(h) => h?.focus()}>
        Guidelines {task.guidelineVersion ? <span class="task-meta">version {task.guidelineVersion}</span> : null}
      </h1>
      <div class="guidelines notice">{task.guidelines}</div>
      <div class="actions">
        <button type="button" onClick={onStart}>
          Start judging <kbd>Enter</kbd>
        </button>
      </div>
    </section>
  );
}

export { ApiError };
