export * from './stack';
export { kafkaVersion, localKafkaPaths } from './local-kafka';
