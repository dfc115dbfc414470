import { ValidationError } from '@hindsight/contracts';
import { scoreResponse } from '../scoring/score-response';
import { generateSyntheticPreferences } from '../synthetic/generate-synthetic-preferences';
import { trainRewardModel } from '../training/train-reward-model';
import { decodeBase64 } from './decode-base64';
import { deserializeRewardModel } from './deserialize-reward-model';
import { encodeBase64 } from './encode-base64';
import { serializeRewardModel } from './serialize-reward-model';

describe('reward-model artifact', () => {
  const { pairs } = generateSyntheticPreferences(400, 77);
  const model = trainRewardModel(pairs, {
    seed: 4,
    l2: 1e-3,
    maxIterations: 20,
    featureConfig: { dimension: 2 ** 12 },
  });
  const bytes = serializeRewardModel(model);

  it('carries a versioned JSON header', () => {
    const artifact = JSON.parse(new TextDecoder().decode(bytes));
    expect(artifact.format).toBe('hindsight.reward-model');
    expect(artifact.version).toBe(1);
    expect(artifact.featureConfig).toEqual(model.featureConfig);
    expect(artifact.training).toEqual(model.training);
    expect(artifact.weights.encoding).toBe('float64-le-base64');
  });

  it('loads back to bit-identical weights and scores', () => {
    const loaded = deserializeRewardModel(bytes);
    expect(Buffer.from(loaded.weights.buffer).equals(Buffer.from(model.weights.buffer))).toBe(true);
    expect(loaded.training).toEqual(model.training);
    for (const pair of pairs.slice(0, 50)) {
      expect(scoreResponse(loaded, pair.prompt, pair.chosen)).toBe(scoreResponse(model, pair.prompt, pair.chosen));
    }
    expect(serializeRewardModel(loaded)).toEqual(bytes);
  });

  it('rejects an unknown version, another format and malformed weights with a clear error', () => {
    const artifact = JSON.parse(new TextDecoder().decode(bytes));
    const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
    expect(() => deserializeRewardModel(encode({ ...artifact, version: 2 }))).toThrow(ValidationError);
    expect(() => deserializeRewardModel(encode({ ...artifact, version: 2 }))).toThrow(
      'version: unsupported version 2; this build reads version 1',
    );
    expect(() => deserializeRewardModel(encode({ ...artifact, format: 'other' }))).toThrow(/format/);
    expect(() => deserializeRewardModel(encode({ ...artifact, weights: { ...artifact.weights, length: 3 } }))).toThrow(
      /weights\.length/,
    );
    expect(() => deserializeRewardModel(new TextEncoder().encode('not json'))).toThrow(/artifact/);
  });
});

describe('base64', () => {
  // RFC 4648 §10 test vectors.
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('encodes %j as %j and back', (plain, encoded) => {
    expect(encodeBase64(new TextEncoder().encode(plain))).toBe(encoded);
    expect(new TextDecoder().decode(decodeBase64(encoded))).toBe(plain);
  });

  it('rejects text that is not base64', () => {
    expect(() => decodeBase64('Zm9v!A==')).toThrow(ValidationError);
  });
});
