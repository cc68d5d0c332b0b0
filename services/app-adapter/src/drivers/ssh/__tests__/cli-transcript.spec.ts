import { cleanTerminalText, commandOutput, endsWithPrompt, scrub } from '../cli-transcript.js';

describe('VOS CLI transcripts', () => {
  it('sees the admin: prompt at the end, through escape sequences and carriage returns', () => {
    expect(endsWithPrompt('Welcome to the Platform Command Line Interface\r\n\r\nadmin:')).toBe(true);
    expect(endsWithPrompt('\u001b[0m\u001b[24;1Hadmin:')).toBe(true);
    expect(endsWithPrompt('output\r\nadmin: ')).toBe(true);
    expect(endsWithPrompt('admin:show license status\r\nRegistration:')).toBe(false);
    expect(endsWithPrompt('Please enter the password:')).toBe(false);
  });

  it('drops the echo (even wrapped by a narrow terminal) and the closing prompt', () => {
    const line = 'license smart register idtoken ABCDEFGHIJ force';
    expect(commandOutput(`${line}\r\nRegistration process is in progress.\r\nadmin:`, line)).toBe('Registration process is in progress.');
    expect(commandOutput('license smart register idtoken ABCDE\r\nFGHIJ force\r\nDone\r\nadmin:', line)).toBe('Done');
    // No echo at all: the output is kept whole.
    expect(commandOutput('Successful\r\nadmin:', 'license smart deregister')).toBe('Successful');
    expect(commandOutput('\u001b[1mshow license UDI\u001b[0m\r\nUDI: PID:CER,SN:x\r\n\r\nadmin:', 'show license UDI')).toBe('UDI: PID:CER,SN:x');
  });

  it('cleans terminal text to plain lines', () => {
    expect(cleanTerminalText('a\r\nb\rc\u0000\u0008')).toBe('a\nb\nc');
  });

  it('scrubs every secret from a text', () => {
    expect(scrub('token tok-1 failed; tok-1 again, pw p@ss', ['tok-1', 'p@ss', ''])).toBe('token ******** failed; ******** again, pw ********');
  });
});
