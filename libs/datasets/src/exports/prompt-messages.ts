import { textToConversation, type ChatMessage } from '@hindsight/history-import';

const TURN = /\n\n(Human|Assistant):(?: |$)/g;

/**
 * The prompt as TRL conversational messages. A prompt the importer stored from
 * conversational rows (the messages' JSON, `conversationToText`) gives its
 * messages back exactly, roles and all, so export → import → export is stable. A prompt written as an HH-RLHF
 * transcript (`"\n\nHuman: …\n\nAssistant: …"`, how a multi-turn conversation is
 * stored as one prompt text) becomes its turns (Human → user, Assistant →
 * assistant; a trailing empty `Assistant:` cue is dropped); any other text is one
 * user message, unchanged.
 * @example promptMessages('Hi?') // [{ role: 'user', content: 'Hi?' }]
 * @example promptMessages('\n\nHuman: Hi\n\nAssistant: Hello\n\nHuman: Bye') // user, assistant, user
 */
export function promptMessages(prompt: string): ChatMessage[] {
  const conversation = textToConversation(prompt);
  if (conversation !== undefined) return conversation;
  if (!prompt.startsWith('\n\nHuman: ')) return [{ role: 'user', content: prompt }];
  const marks = [...prompt.matchAll(TURN)];
  const messages: ChatMessage[] = [];
  marks.forEach((mark, i) => {
    const start = mark.index + mark[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index : prompt.length;
    messages.push({ role: mark[1] === 'Human' ? 'user' : 'assistant', content: prompt.slice(start, end) });
  });
  const last = messages.at(-1);
  if (last && last.role === 'assistant' && last.content === '') messages.pop();
  return messages;
}
