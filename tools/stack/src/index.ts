export * from './stack';
export { kafkaVersion, localKafkaPaths, tailOfLog } from './local-kafka';
export * from './service-process';
export { startPrivatePostgres, postgresBinaries, type PrivatePostgres } from './private-postgres';
