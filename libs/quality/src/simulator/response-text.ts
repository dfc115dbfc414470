import type { Sampler } from './sampler';

const SENTENCES: Readonly<Record<string, readonly string[]>> = {
  coding: [
    'Start by reading the input into a list and validating each entry.',
    'A hash map keeps the lookups constant time on average.',
    'Remember to close the file handle even when an exception is thrown.',
    'The recursive version is shorter but the iterative one avoids deep stacks.',
    'Write a unit test for the empty input before optimising anything.',
    'Sorting first makes the two-pointer scan straightforward.',
  ],
  writing: [
    'Open with the concrete image rather than the abstract claim.',
    'Each paragraph should carry one idea and end where that idea ends.',
    'Cut adverbs that only repeat what the verb already says.',
    'Read the draft aloud to hear where the rhythm stumbles.',
    'A short closing line lands harder than a summary.',
    'Keep the tense consistent across the whole piece.',
  ],
  advice: [
    'It helps to write down what a good outcome would look like.',
    'Talk to the people affected before you decide.',
    'Small reversible steps are safer than one large commitment.',
    'Set a date to review the decision once you have more information.',
    'Consider what you would tell a friend in the same situation.',
    'Budget for the unexpected rather than for the average case.',
  ],
  math: [
    'Substitute the boundary values to check the formula.',
    'The derivative vanishes at the critical point, so test both sides.',
    'Factor the quadratic before attempting the general formula.',
    'By induction the statement holds for every natural number.',
    'The sum telescopes, leaving only the first and last terms.',
    'Draw the triangle and label the known sides first.',
  ],
  chat: [
    'That sounds like a fun plan for the weekend.',
    'The museum is usually quieter on weekday mornings.',
    'Many people find a short walk clears the head.',
    'It depends a little on what you enjoy most.',
    'There are a few good options close to the station.',
    'Try it once and see how it feels.',
  ],
};

const PLEASANTRY_OPENERS = ['Great question! ', 'What a great question! ', 'Good question! '];
const PLEASANTRY_CLOSERS = [' I hope this helps!', ' Happy to help further.', ' Hope this helps.'];

/** Task types the simulator draws prompts from. */
export const SIMULATED_TASK_TYPES = Object.keys(SENTENCES);

/**
 * Generates a response text of roughly `words` words for a task type, optionally
 * with a stock pleasantry and list formatting, from a small fixed sentence pool.
 *
 * @example
 * responseText(sampler, 'coding', 40, { pleasantry: true, list: false });
 * @throws never; an unknown task type uses the chat pool.
 */
export function responseText(
  sampler: Sampler,
  taskType: string,
  words: number,
  style: { pleasantry: boolean; list: boolean },
): string {
  const pool = SENTENCES[taskType] ?? SENTENCES.chat;
  const parts: string[] = [];
  let count = 0;
  while (count < words) {
    const sentence = sampler.pick(pool);
    parts.push(style.list ? `- ${sentence}` : sentence);
    count += 10;
  }
  let text = parts.join(style.list ? '\n' : ' ');
  if (style.pleasantry)
    text = sampler.next() < 0.5 ? sampler.pick(PLEASANTRY_OPENERS) + text : text + sampler.pick(PLEASANTRY_CLOSERS);
  return text;
}
