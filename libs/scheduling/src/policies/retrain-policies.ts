import { ConflictError, NotFoundError, RULE_SLUG, SLUG_PATTERN, ValidationError, type FieldIssue } from '@hindsight/contracts';
import { nextFireTimes } from '../fire-times/next-fire-times';
import { validatePolicySpec, type RetrainPolicy, type RetrainPolicySpec } from './retrain-policy';

/** Where policies are kept (implemented by `RetrainPolicyRepository` in @hindsight/store). Every call is tenant-scoped. */
export interface RetrainPolicyStore {
  /** Stores a new policy; undefined when the tenant already has a live policy of that name. */
  insert(policy: RetrainPolicy): Promise<RetrainPolicy | undefined>;
  find(tenant: string, id: string): Promise<RetrainPolicy | undefined>;
  /** Live policies of a tenant, or of every tenant when `tenant` is undefined. */
  list(tenant?: string): Promise<RetrainPolicy[]>;
  /** Pauses (`pausedAt` set) or resumes (`pausedAt` null, `activeSince` = `at`); undefined when no such policy. */
  setPaused(tenant: string, id: string, paused: boolean, at: Date): Promise<RetrainPolicy | undefined>;
  /** Deletes the policy (its runs stay as history); false when no such policy. */
  delete(tenant: string, id: string, at: Date): Promise<boolean>;
}

export interface RetrainPolicyDependencies {
  readonly store: RetrainPolicyStore;
  /** The current time (a port: tests pin it). */
  readonly now: () => Date;
  /** A fresh policy id (a UUIDv7 in production). */
  readonly newId: () => string;
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
  return typeof inline === 'object' && inline !== null && !Array.isArray(inline) ? (inline as Record<string, unknown>) : undefined;
}

function found(id: string, policy: RetrainPolicy | undefined): RetrainPolicy {
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
      if (error instanceof ValidationError && recipeIssues.length > 0) throw new ValidationError([...error.issues, ...recipeIssues]);
      throw error;
    }
    if (recipeIssues.length > 0) throw new ValidationError(recipeIssues);
    // The api takes the tenant from the key; the CLI from --tenant. Events of another form could never be sealed.
    if (!SLUG_PATTERN.test(tenant)) throw new ValidationError([{ path: 'tenant', rule: RULE_SLUG }]);
    const now = this.deps.now();
    const stored = await this.deps.store.insert({ ...spec, id: this.deps.newId(), tenant, status: 'active', createdAt: now, pausedAt: null, activeSince: now });
    if (!stored) throw new ConflictError(`a policy named ${spec.name} already exists`, [{ path: 'name', rule: 'already used by another policy' }]);
    return this.view(stored);
  }

  async list(tenant?: string): Promise<RetrainPolicyView[]> {
    return (await this.deps.store.list(tenant)).map((p) => this.view(p));
  }

  /** @throws NotFoundError when the tenant has no such policy. */
  async get(tenant: string, id: string): Promise<RetrainPolicyView> {
    return this.view(found(id, await this.findOrUndefined(tenant, id)));
  }

  /** Idempotent. @throws NotFoundError */
  async pause(tenant: string, id: string): Promise<RetrainPolicyView> {
    const current = found(id, await this.findOrUndefined(tenant, id));
    if (current.status === 'paused') return this.view(current);
    return this.view(found(id, await this.deps.store.setPaused(tenant, id, true, this.deps.now())));
  }

  /** Idempotent; periods that passed while paused are not caught up. @throws NotFoundError */
  async resume(tenant: string, id: string): Promise<RetrainPolicyView> {
    const current = found(id, await this.findOrUndefined(tenant, id));
    if (current.status === 'active') return this.view(current);
    return this.view(found(id, await this.deps.store.setPaused(tenant, id, false, this.deps.now())));
  }

  /** @throws NotFoundError */
  async delete(tenant: string, id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.deps.store.delete(tenant, id, this.deps.now()))) throw new NotFoundError('retrain policy', id);
  }

  private findOrUndefined(tenant: string, id: string): Promise<RetrainPolicy | undefined> {
    return UUID.test(id) ? this.deps.store.find(tenant, id) : Promise.resolve(undefined);
  }

  view(p: RetrainPolicy): RetrainPolicyView {
    return toPolicyView(p, this.deps.now());
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
