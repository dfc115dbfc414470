import {
  Clock,
  ConflictError,
  type FieldIssue,
  NotFoundError,
  type RetrainPolicyEvent,
  RULE_SLUG,
  SLUG_PATTERN,
  ValidationError,
} from '@hindsight/contracts';
import { nextFireTimes } from '../fire-times/next-fire-times';
import { validatePolicySpec, type RetrainPolicy, type RetrainPolicySpec } from './retrain-policy';
import { retrainPolicyChangedEvent, retrainPolicyCreatedEvent, type PolicyChange } from './retrain-policy-events';

/** A stored policy with its change counter (1 when created, one more with each change event). */
export type StoredRetrainPolicy = RetrainPolicy & { readonly revision: number };

/**
 * Where policies are kept (implemented by `RetrainPolicyRepository` in
 * @hindsight/store): a projection of the `retrain-policy.*` events. Every read is tenant-scoped.
 */
export interface RetrainPolicyStore {
  find(tenant: string, id: string): Promise<StoredRetrainPolicy | undefined>;
  /** The tenant's live policy of that name. */
  findByName(tenant: string, name: string): Promise<StoredRetrainPolicy | undefined>;
  /** Live policies of a tenant, or of every tenant when `tenant` is undefined. */
  list(tenant?: string): Promise<RetrainPolicy[]>;
  /**
   * Runs `work` holding the lock named `lock` across every process sharing the
   * store, so that a check, its publish and its application are not interleaved
   * with another writer's (the api's and the CLI's). `work` gets the store to use
   * while it holds the lock.
   */
  exclusively<T>(
    lock: string,
    work: (locked: Pick<RetrainPolicyStore, 'find' | 'findByName' | 'apply'>) => Promise<T>,
  ): Promise<T>;
  /** Applies a published event to the store, with the projector's own code. */
  apply(event: RetrainPolicyEvent): Promise<void>;
}

export interface RetrainPolicyDependencies {
  readonly store: RetrainPolicyStore;
  /** Publishes an event to Kafka; resolves once it is acknowledged (acks=all). */
  readonly publish: (event: RetrainPolicyEvent) => Promise<void>;
  /** The current time (the Clock port: tests pin it). */
  readonly clock: Clock;
  /** A fresh policy id (a UUIDv7 in production). */
  readonly newId: () => string;
  /** A fresh event id (a UUIDv7). */
  readonly newEventId: () => string;
  /** The event source: `api` or `cli`. */
  readonly source: string;
  /**
   * What is wrong with an inline recipe by the trainer's rules (a dataset recipe
   * plus `gates`), each issue under `recipe.inline`; none when it is valid. A port:
   * the rules live with the trainer, and a bad recipe must be refused when the
   * policy is created, not when its first run starts.
   */
  readonly inlineRecipeIssues: (inline: Readonly<Record<string, unknown>>) => readonly FieldIssue[];
}

/** The `recipe.inline` object of a policy as sent, if it is one (its shape is validatePolicySpec's to judge). */
function inlineRecipeOf(input: unknown): Readonly<Record<string, unknown>> | undefined {
  const recipe = (input as { recipe?: { inline?: unknown } } | null)?.recipe;
  const inline = typeof recipe === 'object' && recipe !== null ? recipe.inline : undefined;
  return typeof inline === 'object' && inline !== null && !Array.isArray(inline)
    ? (inline as Record<string, unknown>)
    : undefined;
}

function found<P extends RetrainPolicy>(id: string, policy: P | undefined): P {
  if (!policy) throw new NotFoundError('retrain policy', id);
  return policy;
}

/** A policy as the API and the CLI show it, with its next fire time. */
export interface RetrainPolicyView {
  readonly id: string;
  readonly tenant: string;
  readonly name: string;
  readonly cadence: string;
  readonly timezone: string;
  readonly objectives: readonly string[];
  readonly recipe: RetrainPolicy['recipe'];
  readonly catchUp: RetrainPolicy['catchUp'];
  readonly minNewComparisons: number | null;
  readonly driftThreshold: number | null;
  readonly status: RetrainPolicy['status'];
  readonly createdAt: string;
  readonly pausedAt: string | null;
  /** The next clock fire after now (null while paused, or if the cadence never fires again). */
  readonly nextFireAt: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The policy use cases, shared by the api and the CLI: create, list, pause, resume, delete. */
export class RetrainPolicies {
  constructor(private readonly deps: RetrainPolicyDependencies) {}

  /** @throws ValidationError naming each bad field; ConflictError when the name is taken (`name: already used by another policy`). */
  async create(tenant: string, input: unknown): Promise<RetrainPolicyView> {
    // Every broken rule at once: the inline recipe is checked even when the rest of the policy is bad.
    const inline = inlineRecipeOf(input);
    const recipeIssues = inline === undefined ? [] : this.deps.inlineRecipeIssues(inline);
    let spec: RetrainPolicySpec;
    try {
      spec = validatePolicySpec(input);
    } catch (error) {
      if (error instanceof ValidationError && recipeIssues.length > 0)
        throw new ValidationError([...error.issues, ...recipeIssues]);
      throw error;
    }
    if (recipeIssues.length > 0) throw new ValidationError(recipeIssues);
    // The api takes the tenant from the key; the CLI from --tenant. Events of another form could never be sealed.
    if (!SLUG_PATTERN.test(tenant)) throw new ValidationError([{ path: 'tenant', rule: RULE_SLUG }]);
    const now = this.deps.clock.now();
    const id = this.deps.newId();
    // Publish first, then apply: a row without its event could not be rebuilt. The lock makes the name check hold until the row is there.
    return this.deps.store.exclusively(`retrain-policy-name:${tenant}:${spec.name}`, async (store) => {
      if (await store.findByName(tenant, spec.name)) {
        throw new ConflictError(`a policy named ${spec.name} already exists`, [
          { path: 'name', rule: 'already used by another policy' },
        ]);
      }
      const event = retrainPolicyCreatedEvent(
        { ...spec, id, tenant, createdAt: now },
        { eventId: this.deps.newEventId(), source: this.deps.source },
      );
      await this.deps.publish(event);
      await store.apply(event);
      return this.view(found(id, await store.find(tenant, id)));
    });
  }

  async list(tenant?: string): Promise<RetrainPolicyView[]> {
    return (await this.deps.store.list(tenant)).map((p) => this.view(p));
  }

  /** @throws NotFoundError when the tenant has no such policy. */
  async get(tenant: string, id: string): Promise<RetrainPolicyView> {
    return this.view(found(id, await this.findOrUndefined(tenant, id)));
  }

  /** Idempotent: pausing a paused policy publishes nothing. @throws NotFoundError */
  pause(tenant: string, id: string): Promise<RetrainPolicyView> {
    return this.change(tenant, id, 'paused', (p) => p.status === 'paused');
  }

  /** Idempotent; periods that passed while paused are not caught up. @throws NotFoundError */
  resume(tenant: string, id: string): Promise<RetrainPolicyView> {
    return this.change(tenant, id, 'resumed', (p) => p.status === 'active');
  }

  /** @throws NotFoundError (also for a policy already deleted) */
  async delete(tenant: string, id: string): Promise<void> {
    await this.change(tenant, id, 'deleted', () => false);
  }

  /** Under the policy's lock: load, publish the change as the next revision unless `unchanged`, apply it. */
  private change(
    tenant: string,
    id: string,
    change: PolicyChange,
    unchanged: (p: StoredRetrainPolicy) => boolean,
  ): Promise<RetrainPolicyView> {
    if (!UUID.test(id)) return Promise.reject(new NotFoundError('retrain policy', id));
    return this.deps.store.exclusively(`retrain-policy:${id}`, async (store) => {
      const current = found(id, await store.find(tenant, id));
      if (unchanged(current)) return this.view(current);
      const event = retrainPolicyChangedEvent(change, id, current.revision + 1, {
        eventId: this.deps.newEventId(),
        tenant,
        source: this.deps.source,
        at: this.deps.clock.now(),
      });
      await this.deps.publish(event);
      await store.apply(event);
      if (change === 'deleted') return this.view(current);
      return this.view(found(id, await store.find(tenant, id)));
    });
  }

  private findOrUndefined(tenant: string, id: string): Promise<RetrainPolicy | undefined> {
    return UUID.test(id) ? this.deps.store.find(tenant, id) : Promise.resolve(undefined);
  }

  view(p: RetrainPolicy): RetrainPolicyView {
    return toPolicyView(p, this.deps.clock.now());
  }
}

/** The JSON view of a policy at `now`. */
export function toPolicyView(p: RetrainPolicy, now: Date): RetrainPolicyView {
  const next = p.status === 'active' ? nextFireTimes(p.cadence, p.timezone, now, 1)[0] : undefined;
  return {
    id: p.id,
    tenant: p.tenant,
    name: p.name,
    cadence: p.cadence,
    timezone: p.timezone,
    objectives: p.objectives,
    recipe: p.recipe,
    catchUp: p.catchUp,
    minNewComparisons: p.minNewComparisons,
    driftThreshold: p.driftThreshold,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    pausedAt: p.pausedAt?.toISOString() ?? null,
    nextFireAt: next?.toISOString() ?? null,
  };
}
