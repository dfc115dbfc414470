import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { FieldErrors, ErrorBanner } from './field-errors';
import { signIn, type Session } from './session';

/**
 * The API key, entered once: it becomes an HttpOnly session cookie. `hint`
 * says which kind of key the page wants (a rater key, a read key).
 */
export function SignInForm({ hint, onSignedIn }: { hint: string; onSignedIn: (session: Session) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<ApiError | Error | undefined>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // Before the browser paints: a keyboard user who sees the field may type at once, and a focus set after the paint
  // (useEffect) can come after those first keys on a busy machine, which then go nowhere.
  useLayoutEffect(() => input.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await signIn(key.trim());
      setKey('');
      onSignedIn(session);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const keyIssues = error instanceof ApiError ? error.issuesFor('key') : [];
  return (
    <form class="sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p>{hint}</p>
      <label for="api-key">API key</label>
      <input
        id="api-key"
        ref={input}
        name="key"
        type="password"
        autoComplete="off"
        spellcheck={false}
        value={key}
        onInput={(e) => setKey((e.target as HTMLInputElement).value)}
        aria-invalid={keyIssues.length > 0}
        aria-describedby={keyIssues.length > 0 ? 'api-key-errors' : undefined}
        required
      />
      <FieldErrors id="api-key-errors" issues={keyIssues} />
      {keyIssues.length === 0 && <ErrorBanner error={error} />}
      <button type="submit" disabled={busy || key.trim() === ''}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
