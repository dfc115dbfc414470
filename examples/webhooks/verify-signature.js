// Verifies a Hindsight webhook: HMAC-SHA256 of `${t}.${rawBody}` with your secret, compared in constant time.
const { createHmac, timingSafeEqual } = require('node:crypto');

function verifyHindsightSignature(
  secret,
  rawBody,
  signatureHeader,
  toleranceSeconds = 300,
  nowSeconds = Date.now() / 1000,
) {
  const parts = Object.fromEntries(
    String(signatureHeader)
      .split(',')
      .map((kv) => kv.trim().split('=', 2)),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false; // an old request replayed
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}

module.exports = { verifyHindsightSignature };
