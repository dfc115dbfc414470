import type {
  AnyEventDefinition,
  ErasedByDeclaration,
  EventSenders,
  PersonalSubjectDeclaration,
} from '../envelope/envelope';
import { IllegalStateError } from '../errors/hindsight-error';
import type { EventType } from '../events';
import { ERASABLE_SUBJECT_KINDS, type ErasableSubjectKind } from '../events/governance/subject-erasure-requested';
import { eventRegistry, isEventType } from './event-registry';

/**
 * What the definitions declare about each type, in the forms the platform
 * uses: the api's scope check, sealing, and the projector's erasure all read
 * these, so a type's rules live in its definition and nowhere else.
 */

const latest = (type: EventType): AnyEventDefinition => {
  const entry = eventRegistry[type];
  return entry.schemas[entry.latestVersion];
};

/** Who may send events of `type` (see `EventSenders`). */
export function sendersOf(type: EventType): EventSenders {
  return latest(type).senders;
}

/**
 * Whose key seals events of `type` (at the latest version, the one the api
 * seals), `null` when they carry no personal content; `undefined` for a type
 * the registry does not know.
 */
export function personalSubjectDeclarationOf(type: string): PersonalSubjectDeclaration | undefined {
  return isEventType(type) ? latest(type).personalSubject : undefined;
}

/** The erasures that clear events of `type` (at the latest version); none for a type the registry does not know. */
export function erasedByOf(type: string): ErasedByDeclaration {
  return isEventType(type) ? latest(type).erasedBy : [];
}

/** One `data` field an erasure looks for, and the types that declare it. */
export interface ErasureTarget {
  /** The property of `data` holding the erased subject's id; a plain identifier, safe to put into SQL. */
  readonly field: string;
  readonly types: readonly EventType[];
}

/** Data fields are interpolated into SQL (so the expression indexes apply): only plain identifiers. */
const PLAIN_FIELD = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Where an erasure of `kind` finds its events: per data field, the types whose
 * definitions (any version, since stored events keep their version) declare
 * they are cleared by it. Sorted, so the SQL built from it is stable.
 */
export function erasureTargets(kind: ErasableSubjectKind): ErasureTarget[] {
  const byField = new Map<string, Set<EventType>>();
  for (const type of Object.keys(eventRegistry) as EventType[]) {
    for (const definition of Object.values(eventRegistry[type].schemas)) {
      for (const declared of definition.erasedBy) {
        if (declared.kind !== kind) continue;
        if (!PLAIN_FIELD.test(declared.field))
          throw new IllegalStateError(
            `erasureTargets: ${type} declares the data field "${declared.field}", not a plain identifier`,
          );
        byField.set(declared.field, (byField.get(declared.field) ?? new Set<EventType>()).add(type));
      }
    }
  }
  return [...byField.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([field, types]) => ({ field, types: [...types].sort() }));
}

/** Every `data` field any erasure looks for: each needs its expression index on `events`. */
export function erasureFields(): string[] {
  return [...new Set(ERASABLE_SUBJECT_KINDS.flatMap((kind) => erasureTargets(kind).map((t) => t.field)))].sort();
}
