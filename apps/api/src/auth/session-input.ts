import { z } from 'zod';

const KEY_RULE = 'required: the API key (hsk_…)';

/**
 * The body of `POST /v1/session`: `SessionService.signIn` parses it with this
 * very schema, and `/docs/openapi.json` describes the body with it. Whether the
 * key is one is the key store's answer (401), not a rule of the body.
 */
export const signInBodySchema = z.strictObject({
  key: z
    .string({ error: (issue) => (issue.input === undefined ? KEY_RULE : 'expected string: the API key (hsk_…)') })
    .regex(/\S/, { error: KEY_RULE }),
});
