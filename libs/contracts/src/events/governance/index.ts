import { subjectErasureRequestedV1, type SubjectErasureRequested } from './subject-erasure-requested';

export * from './subject-erasure-requested';

/** Every event of the governance family, at its latest version. */
export type GovernanceEvent = SubjectErasureRequested;

/** Definitions of every published version of the governance family. */
export const governanceEventDefinitions = [subjectErasureRequestedV1] as const;

export const GOVERNANCE_EVENT_TYPES = [
  'subject.erasure.requested',
] as const satisfies readonly GovernanceEvent['type'][];
