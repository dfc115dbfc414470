import { render } from 'preact';
import { SessionGate } from '../shared/session-gate';
import { Workbench } from './workbench';
import '../shared/styles.css';

/** The annotation workbench at /annotate: a rater signs in with a rater key, then labels the queue's tasks. */
function AnnotateApp() {
  return (
    <SessionGate
      title="Annotate"
      hint="Sign in with the rater key you were given (it can only fetch and submit your own assignments)."
    >
      {(session, onSignOut) => <Workbench session={session} onSignOut={onSignOut} />}
    </SessionGate>
  );
}

render(<AnnotateApp />, document.getElementById('app')!);
