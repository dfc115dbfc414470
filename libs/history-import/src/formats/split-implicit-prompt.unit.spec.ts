import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitImplicitPrompt } from './split-implicit-prompt';

/**
 * Rows in the layout of Anthropic's HH-RLHF (https://github.com/anthropics/hh-rlhf, README:
 * each line `{"chosen": …, "rejected": …}`, whole dialogues of "\n\nHuman:" and "\n\nAssistant:"
 * turns), written for this test in examples/formats/hh-rlhf.jsonl.
 */
const rows = readFileSync(join(__dirname, '../../../../examples/formats/hh-rlhf.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as { chosen: string; rejected: string });

describe('splitImplicitPrompt', () => {
  it('gives back both original texts exactly, prompt + response, for every row that has a shared turn', () => {
    let split = 0;
    for (const row of rows) {
      const result = splitImplicitPrompt(row.chosen, row.rejected);
      if ('reason' in result) continue;
      split += 1;
      expect(result.prompt + result.chosen).toBe(row.chosen);
      expect(result.prompt + result.rejected).toBe(row.rejected);
      expect(result.prompt.endsWith('\n\nAssistant:')).toBe(true);
    }
    expect(split).toBe(3);
  });

  it('splits a multi-turn dialogue at the last assistant turn both share, not the first', () => {
    const result = splitImplicitPrompt(rows[1].chosen, rows[1].rejected);
    expect(result).toEqual({
      prompt:
        '\n\nHuman: Can you help me write a poem?\n\nAssistant: Of course. What should it be about?\n\nHuman: The sea.\n\nAssistant:',
      chosen: ' Waves fold on the shore, grey and slow.',
      rejected: ' No.',
    });
  });

  it('keeps a shared beginning of the responses inside the responses (the split is at the turn marker)', () => {
    expect(splitImplicitPrompt(rows[3].chosen, rows[3].rejected)).toMatchObject({
      prompt: '\n\nHuman: Tell me a joke.\n\nAssistant:',
      chosen: ' Why did the chicken cross the road? To get to the other side.',
    });
  });

  it('refuses, with the reason, dialogues that diverge before any assistant turn, and pairs with nothing to compare', () => {
    expect(splitImplicitPrompt(rows[2].chosen, rows[2].rejected)).toEqual({
      reason: 'chosen and rejected share no "\\n\\nAssistant:" turn, so the prompt cannot be split off',
    });
    expect(splitImplicitPrompt('\n\nHuman: Hi\n\nAssistant: Same', '\n\nHuman: Hi\n\nAssistant: Same')).toEqual({
      reason: 'chosen and rejected are the same text',
    });
    expect(splitImplicitPrompt('\n\nHuman: Hi\n\nAssistant:', '\n\nHuman: Hi\n\nAssistant: Hello')).toEqual({
      reason: 'the chosen response after the last shared "\\n\\nAssistant:" turn is empty',
    });
    // A marker only partly shared does not count: "\n\nAssistant" then different characters.
    expect(splitImplicitPrompt('\n\nHuman: Hi\n\nAssistant: A', '\n\nHuman: Hi\n\nAssistants: B')).toHaveProperty(
      'reason',
    );
  });
});
