import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LIST_ITEMS } from '../../envelope/limits';
import { id, locale, region, slug, token, uniqueList } from '../../envelope/primitives';
import { TOPICS } from '../../topics/topics';

export const EXPERTISE_LEVELS = ['novice', 'intermediate', 'expert'] as const;
export type ExpertiseLevel = (typeof EXPERTISE_LEVELS)[number];

/**
 * `rater.profiled` v1: who a rater is, for coverage and per-group statistics.
 * The latest profile recorded at or before T is the profile as of T.
 * `expertise` lists domains (slugs such as `medicine`, `python`) with a level;
 * `languages` are BCP 47 tags; `region` is ISO 3166-1 alpha-2 or a UN M49 area;
 * `optInGroup` is a group the rater chose to disclose (absent if they did not).
 */
export const raterProfiledDataV1 = z
  .strictObject({
    raterId: id(),
    expertise: z.array(z.strictObject({ domain: slug(), level: z.enum(EXPERTISE_LEVELS) })).max(MAX_LIST_ITEMS),
    languages: uniqueList(locale()),
    region: region(),
    optInGroup: slug().optional(),
  })
  .superRefine((data, ctx) => checkUniqueDomains(data.expertise, ctx));

/** Each expertise domain at most once (v1's rule, kept by v2). */
function checkUniqueDomains(expertise: readonly { readonly domain: string }[], ctx: z.RefinementCtx): void {
  const domains = new Set<string>();
  expertise.forEach((item, index) => {
    if (domains.has(item.domain))
      ctx.addIssue({
        code: 'custom',
        path: ['expertise', index, 'domain'],
        message: 'must be unique',
        input: item.domain,
      });
    domains.add(item.domain);
  });
}

export const RATER_KINDS = ['human', 'model'] as const;
export type RaterKind = (typeof RATER_KINDS)[number];

/**
 * `rater.profiled` v2: v1 plus what kind of rater this is. `kind` is `human` (the
 * default when absent) or `model`: an AI judge, named by `modelId` and the
 * `promptVersion` and/or `constitutionVersion` it judged with (at least one). A
 * human profile carries none of the three. The quality report measures model
 * judges against human consensus and a recipe decides whether their labels count.
 */
export const raterProfiledDataV2 = z
  .strictObject({
    ...raterProfiledDataV1.shape,
    kind: z.enum(RATER_KINDS, { error: 'must be one of: human, model' }).optional(),
    modelId: token().optional(),
    promptVersion: token().optional(),
    constitutionVersion: token().optional(),
  })
  .superRefine((data, ctx) => {
    checkUniqueDomains(data.expertise, ctx);
    if (data.kind === 'model') {
      if (data.modelId === undefined)
        ctx.addIssue({ code: 'custom', path: ['modelId'], message: 'required when kind is model', input: undefined });
      if (data.promptVersion === undefined && data.constitutionVersion === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['promptVersion'],
          message: 'promptVersion or constitutionVersion required when kind is model',
          input: undefined,
        });
    } else {
      for (const field of ['modelId', 'promptVersion', 'constitutionVersion'] as const)
        if (data[field] !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: [field],
            message: 'only allowed when kind is model',
            input: data[field],
          });
    }
  });

export const raterProfiledV1 = defineEvent({
  type: 'rater.profiled',
  version: 1,
  topic: TOPICS.annotations,
  description:
    'Who a rater is: expertise domains (unique) with a level, languages (BCP 47, unique), region (ISO 3166-1 alpha-2 or UN M49), and an optional group the rater opted to disclose.',
  data: raterProfiledDataV1,
  subject: (data) => ({ kind: 'rater', id: data.raterId }),
  partitionKey: (data) => data.raterId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'rater', field: 'raterId' },
  erasedBy: [{ kind: 'rater', field: 'raterId' }],
});

export const raterProfiledV2 = defineEvent({
  type: 'rater.profiled',
  version: 2,
  topic: TOPICS.annotations,
  description: `${raterProfiledV1.description} v2: kind human (default) or model; a model (an AI judge) names modelId and promptVersion and/or constitutionVersion.`,
  data: raterProfiledDataV2,
  subject: (data) => ({ kind: 'rater', id: data.raterId }),
  partitionKey: (data) => data.raterId,
  senders: { clients: ['ingest'] },
  personalSubject: { kind: 'rater', field: 'raterId' },
  erasedBy: [{ kind: 'rater', field: 'raterId' }],
});

export type RaterProfiled = EventOf<typeof raterProfiledV2>;
export type RaterProfiledInput = EventInputOf<typeof raterProfiledV2>;
export type RaterProfiledData = DataOf<typeof raterProfiledV2>;
