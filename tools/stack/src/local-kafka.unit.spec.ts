import { kafkaClusterId } from './local-kafka';

describe('kafkaClusterId', () => {
  it('is 22 base64url characters for 16 bytes', () => {
    expect(kafkaClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });

  it('draws again when the id would start with "-", which the storage tool reads as an option', () => {
    // 0xf8 puts 62 in the first six bits: base64url "-".
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x00)];
    const id = kafkaClusterId(() => draws.shift()!);
    expect(id).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(draws).toEqual([]);
  });
});
