import { Layout } from '../shared/layout';
import type { Session } from '../shared/session';

/** Placeholder: the workbench lands in the next commit. */
export function Workbench({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  return (
    <Layout title="Annotate" session={session} onSignOut={onSignOut}>
      <h1>Annotation workbench</h1>
    </Layout>
  );
}
