import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { NotFoundError } from '@hindsight/contracts';
import { artifactKey } from './artifact-keys';
import { putEachFile } from './put-each-file';
import type { ArtifactLocation } from './artifact-location';
import type { ArtifactStore } from './artifact-store';

type S3Location = Extract<ArtifactLocation, { kind: 's3' }>;

/** S3's smallest part (except the last), and the size above which a file goes up in parts. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
const DEFAULT_PART_BYTES = 64 * 1024 * 1024;
/** Parts in flight at once: 4 × 64 MiB of buffers at most. */
const PARTS_IN_FLIGHT = 4;

export interface S3ArtifactStoreOptions {
  /** Size of each part of a multipart upload (≥ 5 MiB); a file up to this size is one PUT. */
  readonly partBytes?: number;
}

/**
 * The artifact store as an S3-compatible bucket: a key is an object key below
 * the prefix, a URI `s3://bucket/prefix/key`. The only file that imports the AWS
 * SDK. A PUT is atomic: a reader sees the old object or the whole new one.
 *
 * Non-AWS endpoints (MinIO, Ceph, R2, S3Mock) are addressed path-style
 * (`http://host/bucket/key`): their buckets rarely have DNS names. Checksums are
 * sent only where S3 requires them there, since the SDK's default (a CRC32
 * trailer on every upload) is not implemented by every compatible store.
 */
export class S3ArtifactStore implements ArtifactStore {
  readonly location: string;
  private readonly client: S3Client;

  private readonly partBytes: number;

  constructor(
    private readonly target: S3Location,
    options: S3ArtifactStoreOptions = {},
  ) {
    this.partBytes = options.partBytes ?? DEFAULT_PART_BYTES;
    if (!(this.partBytes >= MIN_PART_BYTES))
      throw new RangeError(
        `S3ArtifactStore: partBytes must be at least ${MIN_PART_BYTES} (S3's smallest part), got ${this.partBytes}`,
      );
    this.location = `s3://${target.bucket}${target.prefix ? `/${target.prefix}` : ''}`;
    const compatible = target.endpoint !== undefined;
    this.client = new S3Client({
      region: target.region,
      ...(compatible
        ? {
            endpoint: target.endpoint,
            forcePathStyle: true,
            requestChecksumCalculation: 'WHEN_REQUIRED',
            responseChecksumValidation: 'WHEN_REQUIRED',
          }
        : { followRegionRedirects: true }),
      ...(target.credentials ? { credentials: target.credentials } : {}),
    });
  }

  uriOf(key: string): string {
    return `${this.location}/${artifactKey(key)}`;
  }

  keyOf(uri: string): string | undefined {
    const head = `${this.location}/`;
    return uri.startsWith(head) && uri.length > head.length ? uri.slice(head.length) : undefined;
  }

  localPath(): undefined {
    return undefined;
  }

  async put(key: string, bytes: Uint8Array | string): Promise<string> {
    const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.target.bucket,
        Key: this.objectKey(key),
        Body: body,
        ContentType: contentType(key),
      }),
    );
    return this.uriOf(key);
  }

  /**
   * A file up to one part goes up in one PUT; a larger one as a multipart upload
   * (lib-storage's Upload: parts of `partBytes`, four in flight, aborted on failure),
   * since one PUT stops at 5 GiB and a dataset build over millions of pairs is larger.
   * Either way the object appears whole or not at all.
   */
  async putFile(key: string, path: string): Promise<string> {
    const { size } = await stat(path);
    const params = { Bucket: this.target.bucket, Key: this.objectKey(key), ContentType: contentType(key) };
    if (size <= this.partBytes) {
      // A stream needs its length up front: S3 has no chunked PUT without a checksum trailer.
      await this.client.send(new PutObjectCommand({ ...params, Body: createReadStream(path), ContentLength: size }));
    } else {
      await new Upload({
        client: this.client,
        params: { ...params, Body: createReadStream(path, { highWaterMark: 1024 * 1024 }) },
        partSize: this.partBytes,
        queueSize: PARTS_IN_FLIGHT,
      }).done();
    }
    return this.uriOf(key);
  }

  putFolder(key: string, dir: string): Promise<string> {
    return putEachFile(this, key, dir);
  }

  async get(key: string): Promise<Uint8Array> {
    return (await this.getObject(key)).transformToByteArray();
  }

  async read(key: string): Promise<Readable> {
    const body = await this.getObject(key);
    // In Node the SDK's body is the HTTP response itself, a Readable.
    if (!(body instanceof Readable))
      throw new Error(`GET ${this.uriOf(key)} returned a body that is not a Node stream`);
    return body;
  }

  private async getObject(key: string) {
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.target.bucket, Key: this.objectKey(key) }),
      );
      if (!response.Body) throw new Error(`GET ${this.uriOf(key)} returned no body`);
      return response.Body;
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404))
        throw new NotFoundError('artifact', this.uriOf(key));
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const folder = `${this.objectKey(prefix)}/`;
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.target.bucket, Prefix: folder, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? [])
        if (object.Key) keys.push(`${prefix}/${object.Key.slice(folder.length)}`);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.target.bucket }));
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      const why =
        status === 404
          ? 'does not exist'
          : status === 403
            ? 'is not accessible with these credentials'
            : `cannot be reached (${error instanceof Error ? error.message : String(error)})`;
      throw new Error(`artifact bucket ${this.target.bucket} ${why}`);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return this.target.prefix ? `${this.target.prefix}/${artifactKey(key)}` : artifactKey(key);
  }
}

/** What a browser or `aws s3 cp` shows; S3 stores whatever it is told. */
function contentType(key: string): string {
  if (key.endsWith('.jsonl')) return 'application/x-ndjson';
  if (key.endsWith('.json')) return 'application/json';
  return 'application/octet-stream';
}
