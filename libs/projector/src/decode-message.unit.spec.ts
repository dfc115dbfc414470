import { exampleEventInputs, LONE_SURROGATE_RULE, NUL_RULE, sealEvent, validateEventInput } from '@hindsight/contracts';
import type { RawMessage } from '@hindsight/kafka';
import { decodeMessage, parseJsonValue } from './decode-message';

const stored = () =>
  JSON.parse(
    JSON.stringify(
      sealEvent(validateEventInput(exampleEventInputs['comparison.recorded']), {
        id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
        recordedAt: '2026-03-01T10:00:00.000Z',
        tenant: 'acme',
        source: 'api',
      }),
    ),
  );

const messageOf = (text: string): RawMessage => ({
  topic: 'hindsight.annotations',
  partition: 0,
  offset: '7',
  key: null,
  value: Buffer.from(text, 'utf8'),
  headers: {},
  timestamp: '0',
});

const decode = (text: string) => {
  const message = messageOf(text);
  const parsed = parseJsonValue(message);
  return decodeMessage(message, parsed, parsed.ok ? { kind: 'plain', value: parsed.value as never } : undefined);
};

const withPrompt = (prompt: string) => {
  const event = stored();
  event.data.prompt = prompt;
  return JSON.stringify(event);
};

describe('decodeMessage of a consumed text', () => {
  it('decodes an event whose text shows no unstorable escape', () => {
    expect(decode(withPrompt('tab\t 🙂 ü'))).toMatchObject({ offset: '7', event: { data: { prompt: 'tab\t 🙂 ü' } } });
  });

  it('dead-letters a NUL or a lone surrogate in the message text', () => {
    expect(decode(withPrompt('a\u0000b'))).toMatchObject({ deadLetter: { reason: `data.prompt: ${NUL_RULE}` } });
    expect(decode(withPrompt('x\uDE42'))).toMatchObject({
      deadLetter: { reason: `data.prompt: ${LONE_SURROGATE_RULE}` },
    });
  });

  it('dead-letters a NUL in the opened text of sealed data, though the message text shows none', () => {
    const envelope = stored();
    const sealed = { ...envelope, data: { $sealed: { alg: 'A256GCM', key: { kind: 'rater', id: 'r1' } } } };
    const message = messageOf(JSON.stringify(sealed));
    const parsed = parseJsonValue(message);
    expect(parsed).toMatchObject({ ok: true, mayHoldUnstorable: false });
    const opened = { ...envelope, data: { ...envelope.data, prompt: 'a\u0000b' } };
    expect(decodeMessage(message, parsed, { kind: 'plain', value: opened, dataMayHoldUnstorable: true })).toMatchObject(
      { deadLetter: { reason: `data.prompt: ${NUL_RULE}` } },
    );
  });
});
