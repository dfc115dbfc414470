/** One chat message as TRL's conversational format writes it. */
export interface ChatMessage {
  readonly role: string;
  readonly content: string;
}

/**
 * A comparison's prompt holds text; a conversation is kept as the JSON of its messages with the
 * keys in the order `role`, `content`, so `textToConversation(conversationToText(m))` gives `m`
 * back exactly and an exporter can tell a conversational prompt from plain text.
 *
 * @example conversationToText([{ role: 'user', content: 'Hi' }]) // '[{"role":"user","content":"Hi"}]'
 */
export function conversationToText(messages: readonly ChatMessage[]): string {
  return JSON.stringify(messages.map((m) => ({ role: m.role, content: m.content })));
}

/**
 * The messages of a prompt written by `conversationToText`; `undefined` for any other text
 * (plain prompts, or JSON that is not a non-empty list of `{ role, content }` strings).
 *
 * @example textToConversation('[{"role":"user","content":"Hi"}]') // [{ role: 'user', content: 'Hi' }]
 */
export function textToConversation(text: string): ChatMessage[] | undefined {
  if (!text.startsWith('[{"role":')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const messages = readMessages(value);
  return messages !== undefined && conversationToText(messages) === text ? messages : undefined;
}

/**
 * A list of `{ role, content }` messages with string role and content, or `undefined` when the
 * value is anything else (extra keys such as `name` are dropped).
 */
export function readMessages(value: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const messages: ChatMessage[] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object') return undefined;
    const { role, content } = item as Record<string, unknown>;
    if (typeof role !== 'string' || role === '' || typeof content !== 'string') return undefined;
    messages.push({ role, content });
  }
  return messages;
}

/**
 * The text of a response given as messages: the content itself when it is one assistant message
 * (TRL's usual completion), else the messages as JSON (`conversationToText`), so no role is lost.
 */
export function completionToText(messages: readonly ChatMessage[]): string {
  return messages.length === 1 && messages[0].role === 'assistant' ? messages[0].content : conversationToText(messages);
}
