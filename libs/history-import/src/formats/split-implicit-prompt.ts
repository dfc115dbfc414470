/** The turn marker HH-RLHF puts before every assistant turn. */
export const ASSISTANT_TURN = '\n\nAssistant:';

export type ImplicitPromptSplit =
  { readonly prompt: string; readonly chosen: string; readonly rejected: string } | { readonly reason: string };

/**
 * Splits two whole dialogues in HH-RLHF's implicit-prompt layout (`"\n\nHuman: … \n\nAssistant: …"`)
 * into the prompt they share and the two final responses: the split is at the end of the last
 * `"\n\nAssistant:"` marker that lies inside the two texts' common beginning, so
 * `prompt + chosen === chosenText` and `prompt + rejected === rejectedText`, exactly. A pair with
 * no shared assistant turn, or whose responses after the split are empty or equal, is refused
 * with the reason (never guessed).
 *
 * @example splitImplicitPrompt('\n\nHuman: Hi\n\nAssistant: Hello', '\n\nHuman: Hi\n\nAssistant: Go away')
 *   // { prompt: '\n\nHuman: Hi\n\nAssistant:', chosen: ' Hello', rejected: ' Go away' }
 */
export function splitImplicitPrompt(chosenText: string, rejectedText: string): ImplicitPromptSplit {
  let shared = 0;
  const limit = Math.min(chosenText.length, rejectedText.length);
  while (shared < limit && chosenText.charCodeAt(shared) === rejectedText.charCodeAt(shared)) shared += 1;
  // The marker must end inside the shared beginning: search for its start at most shared - marker length.
  const start =
    shared < ASSISTANT_TURN.length ? -1 : chosenText.lastIndexOf(ASSISTANT_TURN, shared - ASSISTANT_TURN.length);
  if (start < 0)
    return { reason: 'chosen and rejected share no "\\n\\nAssistant:" turn, so the prompt cannot be split off' };
  const end = start + ASSISTANT_TURN.length;
  const split = { prompt: chosenText.slice(0, end), chosen: chosenText.slice(end), rejected: rejectedText.slice(end) };
  if (split.chosen.trim() === '' || split.rejected.trim() === '') {
    return {
      reason: `the ${split.chosen.trim() === '' ? 'chosen' : 'rejected'} response after the last shared "\\n\\nAssistant:" turn is empty`,
    };
  }
  if (split.chosen === split.rejected) return { reason: 'chosen and rejected are the same text' };
  return split;
}
