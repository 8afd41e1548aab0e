import { describe, expect, it } from 'vitest';
import { formatReference, referencePlaceholder } from '../../../src/modules/inquiries/inquiries.reference.js';

describe('the placeholder that stands for a reference until the database numbers the inquiry', () => {
  it('is as long as a reference, made only of private-use characters, and never the same twice', () => {
    const length = formatReference(2026, 42).length;
    const placeholders = Array.from({ length: 20_000 }, () => referencePlaceholder());
    for (const p of placeholders.slice(0, 200)) {
      expect(p).toHaveLength(length);
      expect(p).toMatch(/^[\uE000-\uF8FF]+$/u);
    }
    expect(new Set(placeholders).size).toBe(placeholders.length);
    // Spread over the whole range, not stuck at its start: the draws are random bytes, read two at a time.
    const codes = placeholders.flatMap((p) => [...p].map((ch) => ch.codePointAt(0)!));
    expect(codes.reduce((a, b) => Math.min(a, b))).toBeLessThan(0xe000 + 0x100);
    expect(codes.reduce((a, b) => Math.max(a, b))).toBeGreaterThan(0xe000 + 0x1800);
  });
});
