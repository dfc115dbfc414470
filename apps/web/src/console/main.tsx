import { render } from 'preact';
import { Layout } from '../shared/layout';
import { SessionGate } from '../shared/session-gate';
import '../shared/styles.css';

/** The operator console (issue #13 item 4): a placeholder until its pages land. */
function ConsoleApp() {
  return (
    <SessionGate title="Console" hint="Sign in with a key of your tenant that has the read or admin scope.">
      {(session, onSignOut) => (
        <Layout title="Console" session={session} onSignOut={onSignOut} nav={[{ href: '/console', label: 'Overview' }]}>
          <h1>Console</h1>
          <p>Signed in to tenant {session.tenant}. The console's pages are being built.</p>
        </Layout>
      )}
    </SessionGate>
  );
}

render(<ConsoleApp />, document.getElementById('app')!);
