/**
 * Reading what an interactive VOS CLI shell prints (Unified CM / Emergency Responder "admin:" shell): terminal escape
 * sequences and carriage returns removed, the echo of the command line dropped, the closing prompt cut off.
 */

/** The VOS CLI prompt, whatever the platform administrator's name (community automation waits for `admin:`). */
export const CLI_PROMPT = 'admin:';

// CSI sequences (colours, cursor moves) and other two-character escapes a terminal may send.
// eslint-disable-next-line no-control-regex -- terminal escapes start with ESC
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]/g;

/** Text as lines separated by `\n` only, without terminal escapes, backspaces or NULs. */
export const cleanTerminalText = (raw: string): string =>
  raw
    .replace(ANSI, '')
    .replace(/\r+\n/g, '\n')
    .replace(/\r/g, '\n')
    // eslint-disable-next-line no-control-regex -- NULs and backspaces a terminal may send
    .replace(/[\u0000\u0008]/g, '');

/** The shell shows its prompt at the end of `raw`: the command (or the login) has finished printing. */
export const endsWithPrompt = (raw: string): boolean => /(?:^|\n)admin:[ \t]*$/.test(cleanTerminalText(raw.slice(-256)));

/**
 * What a command printed, from the shell's transcript after the line was sent: the echo of the line (which a narrow
 * terminal may have wrapped) is skipped, the closing prompt removed, trailing blanks trimmed.
 */
export const commandOutput = (raw: string, line: string): string => {
  let text = cleanTerminalText(raw).replace(/\n?admin:[ \t]*$/, '');
  // Walk the echo character by character, ignoring the line breaks a wrapping terminal inserted.
  let i = 0;
  let matched = 0;
  const expected = line.trimEnd();
  while (i < text.length && matched < expected.length) {
    if (text[i] === '\n') i++;
    else if (text[i] === expected[matched]) {
      i++;
      matched++;
    } else break;
  }
  if (matched === expected.length) text = text.slice(i).replace(/^[ \t]*\n/, '');
  return text.replace(/\s+$/, '');
};

/** Replaces every secret by `********`, so a text can go to logs or error details. */
export const scrub = (text: string, secrets: readonly string[]): string =>
  secrets.filter((s) => s.length > 0).reduce((t, secret) => t.split(secret).join('********'), text);
