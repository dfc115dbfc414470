export * from './stack';
export { kafkaVersion, localKafkaPaths, tailOfLog } from './local-kafka';
export * from './service-process';
export * from './private-postgres';
