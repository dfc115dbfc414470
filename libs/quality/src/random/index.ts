export * from '@hindsight/reward-model';
export * from './random-index';
