/** One label a rater gave to a task (the long format `task,rater,label`). */
export interface Annotation {
  readonly task: string;
  readonly rater: string;
  readonly label: string;
}
