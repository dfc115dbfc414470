import { z } from 'zod';
import type { EventType } from '../events';
import { eventRegistry } from '../registry/event-registry';

export type JsonSchema = Record<string, unknown>;

export interface EventJsonSchemaOptions {
  /** `draft-2020-12` (default; what OpenAPI 3.1 uses) or `openapi-3.0`. */
  readonly target?: 'draft-2020-12' | 'openapi-3.0';
}

/**
 * JSON Schemas of what a client sends for each event type, at the latest
 * version, for `/docs/openapi.json`. Cross-field rules (shownOrder is a
 * permutation of the response ids, …) cannot be expressed in JSON Schema; each
 * schema's `description` states them, and `validateEventInput` enforces them.
 */
export function eventJsonSchemas(options: EventJsonSchemaOptions = {}): Record<EventType, JsonSchema> {
  const target = options.target ?? 'draft-2020-12';
  const out = {} as Record<EventType, JsonSchema>;
  for (const type of Object.keys(eventRegistry) as EventType[]) {
    const entry = eventRegistry[type];
    const definition = entry.schemas[entry.latestVersion];
    const schema = z.toJSONSchema(definition.input, { io: 'input', target, unrepresentable: 'any' }) as JsonSchema;
    out[type] = {
      title: `${type} v${entry.latestVersion} (client input)`,
      description: definition.description,
      ...schema,
    };
  }
  return out;
}

/** JSON Schemas of the stored events (full envelope), at the latest version. */
export function storedEventJsonSchemas(options: EventJsonSchemaOptions = {}): Record<EventType, JsonSchema> {
  const target = options.target ?? 'draft-2020-12';
  const out = {} as Record<EventType, JsonSchema>;
  for (const type of Object.keys(eventRegistry) as EventType[]) {
    const entry = eventRegistry[type];
    const definition = entry.schemas[entry.latestVersion];
    out[type] = {
      title: `${type} v${entry.latestVersion}`,
      description: definition.description,
      ...(z.toJSONSchema(definition.event, { io: 'output', target, unrepresentable: 'any' }) as JsonSchema),
    };
  }
  return out;
}
