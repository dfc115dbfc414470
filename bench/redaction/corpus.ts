import { composeIBAN } from 'ibantools';
import type { PiiKind } from '@hindsight/redaction';

/**
 * A seeded, deterministic corpus for the redaction benchmark: every document is one realistic sentence
 * holding one planted item of a known kind (whose span is recorded), or one near-miss that must not be
 * redacted (numbers failing Luhn, IBAN-like strings failing mod-97, invalid IPv4 quads, version strings,
 * dates, times, order numbers). Same seed, same corpus.
 */
export interface Planted {
  readonly kind: PiiKind | 'near-miss';
  /** For near-misses: what it imitates (`card-luhn`, `iban-mod97`, `ip-invalid`, `version`, `date`, `order`). */
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

export interface Doc {
  readonly text: string;
  readonly planted: Planted;
}

/** mulberry32: a small seeded PRNG (public domain, Tommy Ettinger). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'ada',
  'bo',
  'chen',
  'dana',
  'emil',
  'fatima',
  'george',
  'hana',
  'ivan',
  'julia',
  'kofi',
  'lena',
  'marta',
  'noor',
  'oscar',
  'priya',
];
const LAST = [
  'lovelace',
  'smith',
  'nguyen',
  'okafor',
  'muller',
  'garcia',
  'kowalski',
  'tanaka',
  'rossi',
  'haddad',
  'silva',
  'berg',
];
const DOMAINS = [
  'example.com',
  'example.org',
  'mail.example.net',
  'corp.example.co.uk',
  'example-shop.de',
  'uni.example.edu',
  'example.io',
];
const US_AREAS = [
  '212',
  '415',
  '312',
  '646',
  '617',
  '206',
  '303',
  '512',
  '404',
  '305',
  '718',
  '202',
  '213',
  '702',
  '801',
];

const TEMPLATES: Readonly<Record<PiiKind, readonly string[]>> = {
  email: [
    'Hi, my email is {x}, can you help me reset my password?',
    'Please send the invoice to {x} before Friday.',
    'I tried logging in as {x} but it says the account is locked.',
    'Forward this conversation to {x}.',
    'Contact: {x}',
  ],
  phone: [
    'You can reach me at {x} after 5pm.',
    'My phone number is {x}, text me when it ships.',
    'Call {x} if the delivery is late.',
    'The support line {x} never answers, what should I do?',
    'Update my number to {x} please.',
  ],
  card: [
    'I paid with card {x} and was charged twice.',
    'Why was my card {x} declined?',
    'Please remove the card ending in nothing, the full number is {x}.',
    'Charge {x} for the annual plan.',
    'My new card number: {x}, expiry 09/28.',
  ],
  iban: [
    'Please refund the money to {x}.',
    'My IBAN is {x}, account holder is me.',
    'Transfer the deposit to {x} by Monday.',
    'Is {x} the right format for a SEPA transfer?',
    'Salary goes into {x} every month.',
  ],
  ip: [
    'The login came from {x}, which was not me.',
    'Our server at {x} keeps timing out.',
    'Whitelist {x} in the firewall please.',
    'I get a 403 from {x} since yesterday.',
    'The VPN assigns me {x}, is that normal?',
  ],
};

const NEAR_MISS_TEMPLATES = [
  'Upgrading to {x} broke the build.',
  'My order {x} has not arrived yet.',
  'The meeting was moved to {x}, is that okay?',
  'Reference {x} appears on the statement.',
  'We pinned the dependency at {x} last week.',
  'See ticket {x} for the details.',
];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const digits = (r: Rand, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

function cardDigits(r: Rand): { digits: string; amex: boolean } {
  const brand = int(r, 0, 3);
  const prefix = ['4', `5${int(r, 1, 5)}`, pick(r, ['34', '37']), '6011'][brand];
  const length = brand === 2 ? 15 : 16;
  const body = prefix + digits(r, length - 1 - prefix.length);
  return { digits: body + luhnCheckDigit(body), amex: brand === 2 };
}

function formatCard(r: Rand, d: string, amex: boolean): string {
  const sep = pick(r, ['', ' ', '-']);
  if (sep === '') return d;
  return amex ? [d.slice(0, 4), d.slice(4, 10), d.slice(10)].join(sep) : d.match(/.{4}/g)!.join(sep);
}

function email(r: Rand): string {
  const f = pick(r, FIRST);
  const l = pick(r, LAST);
  const local = pick(r, [
    `${f}.${l}`,
    `${f}_${l}${int(r, 1, 99)}`,
    `${f[0]}${l}`,
    `${f}+${pick(r, ['news', 'shop', 'x'])}`,
  ]);
  return `${local}@${pick(r, DOMAINS)}`;
}

function phone(r: Rand): string {
  const a = pick(r, US_AREAS);
  const e = `${int(r, 2, 9)}${int(r, 0, 9)}${int(r, 2, 9)}`;
  const l = digits(r, 4);
  switch (int(r, 0, 6)) {
    case 0:
      return `(${a}) ${e}-${l}`;
    case 1:
      return `${a}-${e}-${l}`;
    case 2:
      return `${a}.${e}.${l}`;
    case 3:
      return `+1 ${a} ${e} ${l}`;
    case 4:
      return `+44 20 7946 0${digits(r, 3)}`;
    case 5:
      return `+44 7${pick(r, ['911', '400', '555', '831'])} ${digits(r, 6)}`;
    default:
      return `+33 1 ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)} ${digits(r, 2)}`;
  }
}

const IBAN_COUNTRIES: readonly [string, (r: Rand) => string][] = [
  ['DE', (r) => digits(r, 18)],
  ['GB', (r) => `${pick(r, ['NWBK', 'WEST', 'BARC', 'MIDL'])}${digits(r, 14)}`],
  ['NL', (r) => `${pick(r, ['ABNA', 'INGB', 'RABO'])}${digits(r, 10)}`],
  ['AT', (r) => digits(r, 16)],
  ['CH', (r) => digits(r, 17)],
  ['IT', (r) => `${String.fromCharCode(65 + int(r, 0, 25))}${digits(r, 22)}`],
];

function ibanElectronic(r: Rand): string {
  for (;;) {
    const [countryCode, bban] = pick(r, IBAN_COUNTRIES);
    const iban = composeIBAN({ countryCode, bban: bban(r) });
    if (iban) return iban;
  }
}

const printIban = (r: Rand, e: string) => (r() < 0.5 ? e : e.match(/.{1,4}/g)!.join(' '));

function ipv4(r: Rand): string {
  return [int(r, 1, 223), int(r, 0, 255), int(r, 0, 255), int(r, 1, 254)].join('.');
}

function ipv6(r: Rand): string {
  const groups = Array.from({ length: 8 }, () => (r() < 0.3 ? '0' : int(r, 0, 0xffff).toString(16)));
  groups[0] = '2001';
  groups[1] = 'db8';
  const full = groups.join(':');
  if (r() < 0.5) return full;
  // Compress a run of zero groups (RFC 5952 style: the first longest run of two or more).
  const s = `:${full}:`.replace(/(^|:)0(:0)+(:|$)/, '::');
  return s.replace(/^:(?!:)/, '').replace(/(?<!:):$/, '');
}

function nearMiss(r: Rand): { label: string; value: string } {
  switch (int(r, 0, 9)) {
    case 0: {
      const { digits: d, amex } = cardDigits(r);
      const wrong = d.slice(0, -1) + ((Number(d[d.length - 1]) + int(r, 1, 9)) % 10);
      return { label: 'card-luhn', value: formatCard(r, wrong, amex) };
    }
    case 1: {
      const e = ibanElectronic(r);
      const check = (Number(e.slice(2, 4)) + int(r, 1, 90)) % 97;
      return {
        label: 'iban-mod97',
        value: printIban(r, `${e.slice(0, 2)}${String(Math.max(check, 2)).padStart(2, '0')}${e.slice(4)}`),
      };
    }
    case 2:
      return {
        label: 'ip-invalid',
        value: [int(r, 256, 999), int(r, 0, 255), int(r, 0, 255), int(r, 0, 255)].join('.'),
      };
    case 3:
      return {
        label: 'version',
        value: pick(r, [
          `v${int(r, 1, 9)}.${int(r, 0, 20)}.${int(r, 0, 9)}.${int(r, 0, 99)}`,
          `${int(r, 1, 9)}.${int(r, 0, 9)}.${int(r, 0, 9)}.${int(r, 0, 9)}.${int(r, 0, 9)}`,
        ]),
      };
    case 4:
      return {
        label: 'semver',
        value: `${int(r, 0, 20)}.${int(r, 0, 40)}.${int(r, 0, 20)}${pick(r, ['', '-rc.1', '-beta.2', '+build.7'])}`,
      };
    case 5:
      return {
        label: 'date',
        value: pick(r, [
          `2026-${String(int(r, 1, 12)).padStart(2, '0')}-${String(int(r, 1, 28)).padStart(2, '0')}`,
          `${int(r, 1, 28)}/${int(r, 1, 12)}/2026`,
          `${String(int(r, 1, 28)).padStart(2, '0')}.${String(int(r, 1, 12)).padStart(2, '0')}.2026`,
        ]),
      };
    case 6:
      return {
        label: 'time',
        value: `${String(int(r, 0, 23)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}`,
      };
    case 7:
      return { label: 'order', value: pick(r, [`ORD-2026-${digits(r, 6)}`, `#${digits(r, 8)}`, `A${digits(r, 9)}`]) };
    case 8:
      return { label: 'amount', value: `${int(r, 1, 99)},${digits(r, 3)}.${digits(r, 2)} EUR` };
    default:
      return { label: 'handle', value: `@${pick(r, FIRST)}_${pick(r, LAST)}` };
  }
}

const GENERATE: Readonly<Record<PiiKind, (r: Rand) => string>> = {
  email,
  phone,
  card: (r) => {
    const { digits: d, amex } = cardDigits(r);
    return formatCard(r, d, amex);
  },
  iban: (r) => printIban(r, ibanElectronic(r)),
  ip: (r) => (r() < 0.6 ? ipv4(r) : ipv6(r)),
};

function place(template: string, value: string, kind: Planted['kind'], label: string): Doc {
  const start = template.indexOf('{x}');
  return { text: template.replace('{x}', value), planted: { kind, label, start, end: start + value.length } };
}

/** `perKind` planted items of each kind and `nearMisses` near-misses, shuffled, from `seed`. */
export function generateCorpus(seed: number, perKind: number, nearMisses: number): Doc[] {
  const r = prng(seed);
  const docs: Doc[] = [];
  for (const kind of Object.keys(GENERATE) as PiiKind[])
    for (let i = 0; i < perKind; i++) docs.push(place(pick(r, TEMPLATES[kind]), GENERATE[kind](r), kind, kind));
  for (let i = 0; i < nearMisses; i++) {
    const { label, value } = nearMiss(r);
    docs.push(place(pick(r, NEAR_MISS_TEMPLATES), value, 'near-miss', label));
  }
  for (let i = docs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [docs[i], docs[j]] = [docs[j], docs[i]];
  }
  return docs;
}
