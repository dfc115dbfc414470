import { EVENT_TYPES, eventJsonSchemas, storedEventJsonSchemas } from '../index';

describe('eventJsonSchemas', () => {
  const schemas = eventJsonSchemas();

  it('has a client-input schema per event type', () => {
    expect(Object.keys(schemas).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('describes the client envelope: no id, no recordedAt, occurredAt optional, data required', () => {
    const schema = schemas['comparison.recorded'] as {
      properties: Record<
        string,
        { const?: unknown; properties?: Record<string, { maxLength?: number; minItems?: number }> }
      >;
      required: string[];
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual([
      'type',
      'version',
      'tenant',
      'source',
      'subject',
      'occurredAt',
      'idempotencyKey',
      'data',
    ]);
    expect(schema.required).toEqual(['type', 'idempotencyKey', 'data']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.type.const).toBe('comparison.recorded');
    expect(schema.properties.data.properties?.prompt.maxLength).toBe(100_000);
    expect(schema.properties.data.properties?.responses.minItems).toBe(2);
  });

  it('states the cross-field rules in the description', () => {
    expect(schemas['comparison.recorded'].description).toMatch(/shownOrder lists every response id exactly once/);
    for (const type of EVENT_TYPES) expect(typeof schemas[type].description).toBe('string');
  });

  it('serialises to JSON, and can target OpenAPI 3.0', () => {
    expect(() => JSON.stringify(schemas)).not.toThrow();
    const openapi = eventJsonSchemas({ target: 'openapi-3.0' });
    expect(Object.keys(openapi)).toHaveLength(EVENT_TYPES.length);
  });

  it('also describes stored events, with id and recordedAt required', () => {
    const stored = storedEventJsonSchemas()['feedback.recorded'] as { required: string[] };
    expect(stored.required).toEqual(expect.arrayContaining(['id', 'recordedAt', 'occurredAt', 'tenant', 'subject']));
  });
});
