import { createHash } from 'node:crypto';

export type Split = 'train' | 'validation' | 'test';

/**
 * The split of a task, from a stable hash of its id: a task never moves between
 * splits as history grows, so no pair leaks from train into test later.
 * @example splitOfTask('task-1', { validation: 0.1, test: 0.1 }) // always the same answer
 */
export function splitOfTask(taskId: string, shares: { readonly validation: number; readonly test: number }): Split {
  const u = createHash('sha256').update(taskId, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
  if (u < shares.test) return 'test';
  if (u < shares.test + shares.validation) return 'validation';
  return 'train';
}
