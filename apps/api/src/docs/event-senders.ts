import { EVENT_TYPES, sendersOf, type EventType } from '@hindsight/contracts';

/**
 * Which keys may send which event types, in words for the docs: built from
 * each definition's `senders`, the declaration the api's scope check obeys.
 */
export function whoSendsWhichEvents(): string {
  const groups = new Map<string, EventType[]>();
  for (const type of EVENT_TYPES) {
    const senders = sendersOf(type);
    const who =
      'platform' in senders
        ? `the ${senders.platform} alone (refused to every key)`
        : senders.clients.map((s) => `\`${s}\``).join(' or ');
    groups.set(who, [...(groups.get(who) ?? []), type]);
  }
  const clauses = [...groups.entries()]
    .sort(([a], [b]) => Number(a.startsWith('the ')) - Number(b.startsWith('the ')))
    .map(([who, types]) => `${types.map((t) => `\`${t}\``).join(', ')}: ${who}`);
  return `Who may send each type is declared by its definition: ${clauses.join('; ')}.`;
}
