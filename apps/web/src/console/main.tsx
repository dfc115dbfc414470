import { render } from 'preact';
import { Layout } from '../shared/layout';
import { SessionGate } from '../shared/session-gate';
import '../shared/styles.css';
import './console.css';
import { DatasetsPage } from './pages/datasets-page';
import { DeadLettersPage } from './pages/dead-letters-page';
import { DriftPage } from './pages/drift-page';
import { ModelsPage } from './pages/models-page';
import { PoliciesPage } from './pages/policies-page';
import { QualityPage } from './pages/quality-page';
import { RaterPage } from './pages/rater-page';
import { RewardHackingPage } from './pages/reward-hacking-page';
import { RunPage } from './pages/run-page';
import { RunsPage } from './pages/runs-page';
import { NAV, routeOf, type ConsoleRoute } from './routes';

function Page({ route }: { route: ConsoleRoute }) {
  switch (route.page) {
    case 'quality':
      return <QualityPage />;
    case 'rater':
      return <RaterPage raterId={route.raterId} />;
    case 'datasets':
      return <DatasetsPage />;
    case 'policies':
      return <PoliciesPage />;
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunPage runId={route.runId} />;
    case 'models':
      return <ModelsPage />;
    case 'reward-hacking':
      return <RewardHackingPage />;
    case 'drift':
      return <DriftPage />;
    case 'dead-letters':
      return <DeadLettersPage />;
    case 'not-found':
      return (
        <>
          <h1>No such page</h1>
          <p>
            <a href="/console/quality">Go to the quality page</a>
          </p>
        </>
      );
  }
}

/** The operator console (issue #13 item 4): one page per path under /console, each reading the api with the session's key. */
function ConsoleApp() {
  const route = routeOf(location.pathname);
  return (
    <SessionGate title="Console" hint="Sign in with a key of your tenant that has the read or admin scope.">
      {(session, onSignOut) => (
        <Layout title="Console" session={session} onSignOut={onSignOut} nav={NAV}>
          <Page route={route} />
        </Layout>
      )}
    </SessionGate>
  );
}

render(<ConsoleApp />, document.getElementById('app')!);
