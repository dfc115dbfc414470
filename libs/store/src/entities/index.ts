import { ConsumerOffset } from './consumer-offset.entity';

export { ConsumerOffset };
export const entities = [ConsumerOffset];
