import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { KAFKAJS_PATCH_FILE, PublishedKafkajsError, patchedFiles, publishedKafkajs } from './published-kafkajs';

const installedRoot = dirname(require.resolve('kafkajs/package.json'));
const files = patchedFiles(readFileSync(KAFKAJS_PATCH_FILE, 'utf8'));

describe('publishedKafkajs (bench:codec’s kafkajs 2.2.4 as published, rebuilt from the patched install)', () => {
  it('names the six files the patch changes', () => {
    expect(files).toEqual([
      'src/producer/groupMessagesPerPartition.js',
      'src/protocol/decoder.js',
      'src/protocol/encoder.js',
      'src/protocol/recordBatch/record/v0/decoder.js',
      'src/protocol/recordBatch/record/v0/index.js',
      'src/protocol/recordBatch/v0/index.js',
    ]);
  });

  it('reverses exactly what the patch changed: applied again, it gives the installed files back byte for byte', () => {
    const published = publishedKafkajs();
    try {
      for (const file of files)
        expect(readFileSync(join(published.root, file), 'utf8')).not.toEqual(
          readFileSync(join(installedRoot, file), 'utf8'),
        );
      const forward = spawnSync('patch', ['--force', '-p3', '-F0', '-d', published.root, '-i', KAFKAJS_PATCH_FILE], {
        encoding: 'utf8',
      });
      expect(forward.status).toBe(0);
      for (const file of files)
        expect(readFileSync(join(published.root, file)).equals(readFileSync(join(installedRoot, file)))).toBe(true);
    } finally {
      published.remove();
    }
  });

  it('fails naming the reverse apply when the installed files are not the patched ones', () => {
    const published = publishedKafkajs();
    try {
      expect(() => publishedKafkajs(published.root)).toThrow(PublishedKafkajsError);
      expect(() => publishedKafkajs(published.root)).toThrow(/\(reverse-apply\).*patch -R/);
    } finally {
      published.remove();
    }
  });

  it('refuses another kafkajs version before copying anything', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hindsight-kafkajs-version-'));
    try {
      writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'kafkajs', version: '2.2.5' }));
      expect(() => publishedKafkajs(folder)).toThrow(/\(version\): .* is kafkajs 2\.2\.5, the patch is for 2\.2\.4/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
