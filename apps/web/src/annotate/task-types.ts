/** A task as `GET /v1/tasks/next` serves it to the signed-in rater. */
export interface ServedTask {
  readonly assignmentId: string;
  readonly queueId: string;
  readonly taskId: string;
  readonly taskType: string | null;
  readonly objective: string | null;
  readonly guidelineVersion: string | null;
  readonly guidelines: string | null;
  /** The queue's rubric dimensions to score (empty for none). */
  readonly rubric?: readonly {
    readonly id: string;
    readonly label: string;
    readonly scale: { readonly min: number; readonly max: number };
  }[];
  readonly prompt: string;
  readonly responses: readonly { readonly id: string; readonly text: string; readonly modelVersion: string }[];
  readonly shownOrder: readonly string[];
  readonly reversalOf: string | null;
  readonly expiresAt: string;
  readonly progress: { readonly completed: number; readonly total: number };
}

export type Choice = { readonly kind: 'preferred'; readonly responseId: string } | { readonly kind: 'tie' };

/** The keyboard shortcuts of the workbench (shown on the page and in the README). */
export const SHORTCUTS: readonly { readonly keys: string; readonly action: string }[] = [
  { keys: '1, 2, …', action: 'prefer response 1, 2, … (in the order shown)' },
  { keys: 'T', action: 'tie: neither is better' },
  { keys: 'Q, W, E', action: 'strength: slightly, clearly, much better' },
  { keys: 'R', action: 'go to the first rubric score (rubric queues; Tab moves between scores)' },
  { keys: 'C', action: 'go to the comment box (Escape leaves it)' },
  { keys: 'Enter', action: 'submit the judgment' },
  { keys: 'K', action: 'skip this task (it goes to another rater)' },
  { keys: 'G', action: 'show or hide the guidelines' },
];

export const STRENGTHS: readonly { readonly value: 1 | 2 | 3; readonly key: string; readonly label: string }[] = [
  { value: 1, key: 'q', label: 'slightly better' },
  { value: 2, key: 'w', label: 'clearly better' },
  { value: 3, key: 'e', label: 'much better' },
];
