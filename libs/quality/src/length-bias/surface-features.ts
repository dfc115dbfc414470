/** Bit flags of the surface features the length/surface-bias detector looks at. */
export const SURFACE_PLEASANTRY = 1;
export const SURFACE_LIST = 2;

/** The features by name, in bit order, for reports. */
export const SURFACE_FEATURES = [
  { name: 'pleasantry', bit: SURFACE_PLEASANTRY },
  { name: 'list-formatting', bit: SURFACE_LIST },
] as const;

export type SurfaceFeatureName = (typeof SURFACE_FEATURES)[number]['name'];

const PLEASANTRY =
  /\b(?:great question|good question|i hope (?:this|that) helps|happy to help|glad you asked|what a (?:great|wonderful) question|hope this helps)\b/i;
const LIST = /^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+\S/m;

/**
 * The surface features of a response text as a bit mask: stock pleasantries
 * ("Great question!", "I hope this helps") and list formatting (a line starting with
 * "-", "*", "•" or "1." / "1)").
 *
 * @example
 * surfaceFeatures('Great question!\n- one\n- two'); // SURFACE_PLEASANTRY | SURFACE_LIST = 3
 * @throws never; a non-string text has no features.
 */
export function surfaceFeatures(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  return (PLEASANTRY.test(text) ? SURFACE_PLEASANTRY : 0) | (LIST.test(text) ? SURFACE_LIST : 0);
}
