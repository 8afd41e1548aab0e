import { describe, expect, it } from 'vitest';
import { normalizeMessageId, referenceInSubject, referencedMessageIds } from '../../../src/modules/inbound/message-refs.js';
import { fixture, message } from './mail-samples.js';

describe('normalizeMessageId', () => {
  it('strips the angle brackets and spaces, and keeps the case', () => {
    expect(normalizeMessageId(' <4f1c2a9e-7B3D@pressdesk.example.org> ')).toBe('4f1c2a9e-7B3D@pressdesk.example.org');
    expect(normalizeMessageId('abc@example.org')).toBe('abc@example.org');
  });
});

describe('referencedMessageIds', () => {
  it('In-Reply-To first, then References newest first, without duplicates', async () => {
    const mail = await fixture('163-mobile-reply.eml');
    expect(referencedMessageIds(mail)).toEqual([
      '0b6f2e88-1c47-4d39-a5e2-6f8c9d0e1a2b@pressdesk.example.org',
      '4f1c2a9e-7b3d-4c55-9e0a-2d6b8f3c1a77@pressdesk.example.org',
    ]);
  });

  it('reads the long References chains clients build', async () => {
    const mail = await message({
      'In-Reply-To': '<c@pressdesk.example.org>',
      References: '<a@pressdesk.example.org>\r\n <b@mail.gmail.com> <c@pressdesk.example.org>',
    });
    expect(referencedMessageIds(mail)).toEqual(['c@pressdesk.example.org', 'b@mail.gmail.com', 'a@pressdesk.example.org']);
  });

  it('an In-Reply-To with a comment or without brackets still gives the id', async () => {
    expect(referencedMessageIds(await message({ 'In-Reply-To': '<x@pressdesk.example.org> (Jane\'s message)' }))).toEqual([
      'x@pressdesk.example.org',
    ]);
    expect(referencedMessageIds(await message({ 'In-Reply-To': 'x@pressdesk.example.org' }))).toEqual(['x@pressdesk.example.org']);
  });

  it('a new message references nothing', async () => {
    expect(referencedMessageIds(await message({}))).toEqual([]);
    expect(referencedMessageIds(await fixture('mailing-list.eml'))).toEqual([]);
  });

  it('reads at most fifty', async () => {
    const chain = Array.from({ length: 80 }, (_, i) => `<m${i}@example.org>`).join(' ');
    const ids = referencedMessageIds(await message({ References: chain }));
    expect(ids).toHaveLength(50);
    expect(ids[0]).toBe('m79@example.org');
  });
});

describe('referenceInSubject', () => {
  it.each([
    ['Re: [PD-2026-00042] We have your question', 'PD-2026-00042'],
    ['回复：[PD-2026-00042] 我们已收到您的问题', 'PD-2026-00042'],
    ['RE: question pd-2026-00042 again', 'PD-2026-00042'],
    ['Fwd: PD-2027-123456 follow-up', 'PD-2027-123456'],
    ['Re: PD-2026-00042 and PD-2026-00043', 'PD-2026-00042'],
  ])('"%s" → %s', (subject, reference) => {
    expect(referenceInSubject(subject)).toBe(reference);
  });

  it.each(['Re: interview request', 'PD-2026-0042', 'XPD-2026-00042', 'PD-26-00042', 'PD-2026-00042123456789', ''])(
    '"%s" has none',
    (subject) => {
      expect(referenceInSubject(subject)).toBeNull();
    },
  );
});
