export * from './stack';
export { ensureKafkaJars, kafkaVersion, localKafkaPaths, tailOfLog } from './local-kafka';
export * from './service-process';
export * from './private-postgres';
export { embeddedPostgresPaths, startEmbeddedPostgres, stopEmbeddedPostgres } from './embedded-postgres';
