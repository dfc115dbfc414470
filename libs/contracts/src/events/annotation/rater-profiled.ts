import { z } from 'zod';
import { defineEvent, type DataOf, type EventOf, type EventInputOf } from '../../envelope/envelope';
import { MAX_LIST_ITEMS } from '../../envelope/limits';
import { id, locale, region, slug, uniqueList } from '../../envelope/primitives';
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
  .superRefine((data, ctx) => {
    const domains = new Set<string>();
    data.expertise.forEach((item, index) => {
      if (domains.has(item.domain)) {
        ctx.addIssue({
          code: 'custom',
          path: ['expertise', index, 'domain'],
          message: 'must be unique',
          input: item.domain,
        });
      }
      domains.add(item.domain);
    });
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

export type RaterProfiled = EventOf<typeof raterProfiledV1>;
export type RaterProfiledInput = EventInputOf<typeof raterProfiledV1>;
export type RaterProfiledData = DataOf<typeof raterProfiledV1>;
