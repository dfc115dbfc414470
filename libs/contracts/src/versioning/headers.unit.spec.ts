import { EVENT_CONTENT_TYPE, EVENT_HEADERS, eventHeaders, readEventHeaders } from '../index';

describe('Kafka headers', () => {
  it('names the headers', () => {
    expect(EVENT_HEADERS).toEqual({
      type: 'hindsight-type',
      version: 'hindsight-version',
      contentType: 'content-type',
      tenant: 'hindsight-tenant',
    });
  });

  it('writes type, version, content type and tenant as strings', () => {
    expect(eventHeaders({ type: 'comparison.recorded', version: 1, tenant: 'acme' })).toEqual({
      'hindsight-type': 'comparison.recorded',
      'hindsight-version': '1',
      'content-type': EVENT_CONTENT_TYPE,
      'hindsight-tenant': 'acme',
    });
  });

  it('reads them back from strings, byte buffers or arrays, and refuses malformed ones', () => {
    expect(readEventHeaders({ 'hindsight-type': Buffer.from('rating.recorded'), 'hindsight-version': ['2'] })).toEqual({
      type: 'rating.recorded',
      version: 2,
    });
    expect(readEventHeaders({ 'hindsight-type': 'x', 'hindsight-version': '0' })).toBeUndefined();
    expect(readEventHeaders({ 'hindsight-type': 'x' })).toBeUndefined();
    expect(readEventHeaders(undefined)).toBeUndefined();
  });
});
