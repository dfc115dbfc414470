import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from './field-errors';
import { Layout } from './layout';
import { currentSession, signOut, type Session } from './session';
import { SignInForm } from './sign-in';

/**
 * Shows the sign-in form until there is a session, then the page with it.
 * `children(session, signOut)` renders the signed-in page.
 */
export function SessionGate({
  title,
  hint,
  children,
}: {
  title: string;
  hint: string;
  children: (session: Session, onSignOut: () => void) => ComponentChildren;
}) {
  const [session, setSession] = useState<Session | undefined | null>(null);
  const [error, setError] = useState<Error | undefined>();
  useEffect(() => {
    currentSession().then(setSession, (e: Error) => {
      setError(e);
      setSession(undefined);
    });
  }, []);
  const onSignOut = () => {
    signOut().then(
      () => setSession(undefined),
      (e: Error) => setError(e),
    );
  };
  if (session === null) {
    return (
      <Layout title={title}>
        <p aria-busy="true">Loading…</p>
      </Layout>
    );
  }
  if (session === undefined) {
    return (
      <Layout title={title}>
        <ErrorBanner error={error} />
        <SignInForm hint={hint} onSignedIn={setSession} />
      </Layout>
    );
  }
  return <>{children(session, onSignOut)}</>;
}
