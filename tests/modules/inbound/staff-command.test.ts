import { describe, expect, it } from 'vitest';
import { staffCommand } from '../../../src/modules/inbound/staff-command.js';

// An officer's emailed answer goes to the reporter unless a line starts with #note.

describe('staffCommand', () => {
  it('an answer without #note is a reply, trimmed', () => {
    expect(staffCommand('\nDear Jane,\n\nYes, 3pm works.\n')).toEqual({ kind: 'reply', text: 'Dear Jane,\n\nYes, 3pm works.' });
  });

  it('#note on its own line makes an internal note and leaves the text', () => {
    expect(staffCommand('#note\nCalled her back, she will send the questions by email.')).toEqual({
      kind: 'note',
      text: 'Called her back, she will send the questions by email.',
    });
  });

  it('the rest of the #note line is kept', () => {
    expect(staffCommand('#note: legal wants to see the answer first')).toEqual({
      kind: 'note',
      text: 'legal wants to see the answer first',
    });
    expect(staffCommand('#note legal wants to see it\nsecond line')).toEqual({ kind: 'note', text: 'legal wants to see it\nsecond line' });
  });

  it('any line may carry it, in any case, after spaces', () => {
    expect(staffCommand('Dr Lim agreed.\n  #NOTE\nDo not share his number.')).toEqual({
      kind: 'note',
      text: 'Dr Lim agreed.\nDo not share his number.',
    });
  });

  it('#note inside a line, or a longer word, is not the command', () => {
    expect(staffCommand('Please #note the embargo until 10am.')).toEqual({ kind: 'reply', text: 'Please #note the embargo until 10am.' });
    expect(staffCommand('#notes from the call are attached')).toEqual({ kind: 'reply', text: '#notes from the call are attached' });
  });

  it('only the first #note line is removed', () => {
    expect(staffCommand('#note\nfirst\n#note second')).toEqual({ kind: 'note', text: 'first\n#note second' });
  });

  it('CRLF line ends are read like LF', () => {
    expect(staffCommand('#note\r\nCalled her.')).toEqual({ kind: 'note', text: 'Called her.' });
  });
});
