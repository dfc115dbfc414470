import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { configVariables, loadPlatformConfig } from '@hindsight/config';
import { platformTopicSpecs } from '@hindsight/runtime';
import { ARTIFACT_VARIABLES, artifactLocationFromEnv } from '@hindsight/training';

/** What can go wrong silently in deployment files: nothing runs them in this suite. */
const root = join(__dirname, '../..');
const base = join(root, 'k8s/base');
type Doc = {
  kind: string;
  apiVersion: string;
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
};

const kustomization = parse(readFileSync(join(base, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
  images: { name: string }[];
};
const docs: Doc[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(base, file), 'utf8')).map((d) => d.toJS() as Doc),
);
const ofKind = (kind: string) => docs.filter((d) => d.kind === kind);
const configMap = ofKind('ConfigMap')[0] as Doc & { data: Record<string, string> };
const secret = ofKind('Secret')[0] as Doc & { stringData: Record<string, string> };
// The CLI and the browser pages (served by the api) are no services of their own.
const services = readdirSync(join(root, 'apps')).filter((a) => a !== 'cli' && a !== 'web');
const portVariable = (service: string) => `${service.toUpperCase()}_PORT` as keyof typeof configVariables;

interface Container {
  name: string;
  image: string;
  args: string[];
  ports: { containerPort: number }[];
  envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe: { httpGet: { path: string; port: number } };
  readinessProbe: { httpGet: { path: string; port: number } };
  startupProbe?: { httpGet: { path: string; port: number } };
}
const containerOf = (d: Doc) =>
  (d as unknown as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0];

describe('k8s/base', () => {
  it('lists only files that exist and parse', () => {
    for (const file of kustomization.resources) expect(existsSync(join(base, file))).toBe(true);
    expect(docs.every((d) => typeof d.kind === 'string' && typeof d.metadata?.name === 'string')).toBe(true);
  });

  it('has one Deployment and one Service per service app', () => {
    expect(
      ofKind('Deployment')
        .map((d) => containerOf(d).args[0])
        .sort(),
    ).toEqual([...services].sort());
    expect(
      ofKind('Service')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(services.map((s) => `hindsight-${s}`).sort());
  });

  it.each(services)('%s: probes hit /health and /ready on the port the app listens on', (service) => {
    const deployment = ofKind('Deployment').find((d) => containerOf(d).args[0] === service)!;
    const container = containerOf(deployment);
    const port = Number(configMap.data[portVariable(service)]);
    expect(port).toBe(Number(configVariables[portVariable(service)].default));
    expect(container.ports.map((p) => p.containerPort)).toEqual([port]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port });
    if (container.startupProbe) expect(container.startupProbe.httpGet).toEqual({ path: '/health', port });
    const service_ = ofKind('Service').find((d) => d.metadata.name === `hindsight-${service}`) as unknown as {
      spec: { ports: { targetPort: number }[] };
    };
    expect(service_.spec.ports[0].targetPort).toBe(port);
  });

  it.each(services)('%s: Prometheus may scrape /metrics on the port the app listens on', (service) => {
    const deployment = ofKind('Deployment').find((d) => containerOf(d).args[0] === service)!;
    const annotations = (
      deployment as unknown as { spec: { template: { metadata: { annotations?: Record<string, string> } } } }
    ).spec.template.metadata.annotations;
    expect(annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': configMap.data[portVariable(service)],
      'prometheus.io/path': '/metrics',
    });
  });

  it('gives every container every variable the apps read, from the ConfigMap and Secret it references', () => {
    for (const deployment of ofKind('Deployment')) {
      const refs = containerOf(deployment).envFrom;
      expect(refs).toContainEqual({ configMapRef: { name: configMap.metadata.name } });
      expect(refs).toContainEqual({ secretRef: { name: secret.metadata.name } });
    }
    const provided = new Set([...Object.keys(configMap.data), ...Object.keys(secret.stringData)]);
    expect(Object.keys(configVariables).filter((v) => !provided.has(v))).toEqual([]);
    expect(configMap.data.HTTP_HOST).toBe('0.0.0.0');
    expect(() => loadPlatformConfig({ ...configMap.data, ...secret.stringData })).not.toThrow();
  });

  it('points the trainer and the api at an S3-compatible artifact store the apps accept', () => {
    const location = artifactLocationFromEnv({ ...configMap.data, ...secret.stringData });
    expect(location).toMatchObject({ kind: 's3', credentials: { accessKeyId: expect.any(String) } });
  });

  it('gives the TRL Job the ConfigMap and Secret keys of the artifact store the trainer writes to', () => {
    const [, job] = parseAllDocuments(readFileSync(join(root, 'k8s/jobs/trl-reward-trainer.yaml'), 'utf8')).map(
      (d) => d.toJS() as Doc,
    );
    type Env = {
      name: string;
      valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } };
    };
    const pod = (
      job as unknown as {
        spec: { template: { spec: { initContainers: { env: Env[] }[]; containers: { env: Env[] }[] } } };
      }
    ).spec.template.spec;
    for (const container of [...pod.initContainers, ...pod.containers]) {
      const refs = container.env.filter((e) => e.valueFrom);
      expect(refs.map((e) => e.name).sort()).toEqual([
        'ARTIFACTS_DIR',
        'AWS_ACCESS_KEY_ID',
        'AWS_ENDPOINT_URL_S3',
        'AWS_REGION',
        'AWS_SECRET_ACCESS_KEY',
      ]);
      for (const { name, valueFrom } of refs) {
        if (valueFrom?.configMapKeyRef)
          expect([valueFrom.configMapKeyRef.name, valueFrom.configMapKeyRef.key in configMap.data]).toEqual([
            configMap.metadata.name,
            true,
          ]);
        else expect([valueFrom?.secretKeyRef?.name, name in secret.stringData]).toEqual([secret.metadata.name, true]);
      }
    }
  });

  it('uses one image name, the one kustomize rewrites', () => {
    const images = new Set(ofKind('Deployment').map((d) => containerOf(d).image));
    expect([...images]).toEqual([kustomization.images[0].name]);
  });

  it('declares exactly the topics the platform creates, on the Strimzi cluster the brokers address names', () => {
    const kafka = ofKind('Kafka')[0];
    const config = loadPlatformConfig({ ...configMap.data, ...secret.stringData });
    const topics = ofKind('KafkaTopic') as (Doc & {
      spec: { topicName: string; partitions: number; replicas: number; config: Record<string, unknown> };
    })[];
    const specs = platformTopicSpecs(config);
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual(specs.map((t) => t.name).sort());
    for (const topic of topics) {
      const spec = specs.find((s) => s.name === topic.spec.topicName)!;
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(kafka.metadata.name);
      expect(topic.spec.partitions).toBe(spec.partitions);
      expect(topic.spec.replicas).toBe(config.kafka.replicationFactor);
      for (const [name, value] of Object.entries(spec.config)) expect(String(topic.spec.config[name])).toBe(value);
    }
    expect(config.kafka.brokers[0]).toBe(`${kafka.metadata.name}-kafka-bootstrap:9092`);
  });
});

describe('docker/compose.yml', () => {
  const compose = parse(readFileSync(join(root, 'docker/compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<
      string,
      { command?: string[]; ports?: string[]; environment?: Record<string, string>; volumes?: string[] }
    >;
    volumes: Record<string, unknown>;
  };

  it('has kafka, postgres and every service app, each on its own port', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['kafka', 'postgres', ...services].sort());
    for (const service of services) {
      const entry = compose.services[service];
      const port = configVariables[portVariable(service)].default;
      expect(entry.command).toEqual([service]);
      expect(entry.ports).toEqual([`${port}:${port}`]);
      expect(entry.environment?.HTTP_HOST).toBe('0.0.0.0');
      expect(() => loadPlatformConfig(entry.environment)).not.toThrow();
    }
  });

  it('builds from a Dockerfile whose entrypoint exists', () => {
    const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/ENTRYPOINT \["\/app\/docker\/entrypoint.sh"\]/);
    expect(existsSync(join(root, 'docker/entrypoint.sh'))).toBe(true);
  });

  it("gives the services a data folder the image's user may write, shared through one volume", () => {
    // ARTIFACTS_DIR and DATASETS_DIR default below HINDSIGHT_HOME (.hindsight, relative to /app): /app itself is root's.
    for (const variable of ['ARTIFACTS_DIR', 'DATASETS_DIR'] as const) {
      const value =
        variable === 'ARTIFACTS_DIR' ? ARTIFACT_VARIABLES.ARTIFACTS_DIR.default : configVariables.DATASETS_DIR.default;
      expect({ variable, under: value.startsWith('.hindsight/') }).toEqual({ variable, under: true });
    }
    const runtime = readFileSync(join(root, 'docker/Dockerfile'), 'utf8').split(/^FROM .* AS runtime$/m)[1];
    const chown = runtime.indexOf('chown node:node /app/.hindsight');
    expect(chown).toBeGreaterThan(-1);
    expect(chown).toBeLessThan(runtime.indexOf('USER node'));
    for (const service of services)
      expect(compose.services[service].volumes).toEqual(['hindsight-data:/app/.hindsight']);
    expect(Object.keys(compose.volumes)).toContain('hindsight-data');
  });

  it('lets the default DATABASE_URL (no password) into the compose PostgreSQL, on loopback only', () => {
    const postgres = compose.services.postgres;
    expect(new URL(configVariables.DATABASE_URL.default).password).toBe('');
    expect(postgres.environment?.POSTGRES_HOST_AUTH_METHOD).toBe('trust');
    expect(postgres.ports).toEqual(['127.0.0.1:5432:5432']);
  });
});
