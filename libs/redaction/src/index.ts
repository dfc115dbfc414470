export * from './pii-kinds';
export * from './detectors/email';
export * from './detectors/phone';
export * from './detectors/card';
export * from './detectors/iban';
export * from './detectors/ip';
export * from './custom/custom-patterns';
export * from './redact';
export type { CountryCode } from 'libphonenumber-js/max';
