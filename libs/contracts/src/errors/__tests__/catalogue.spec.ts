import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  ERROR_CATALOGUE,
  ERROR_FAMILIES,
  JMS_TIMEOUT_CODES,
  SMART_AGENT_OPERATIONS,
  SMART_AGENT_REST_ERRORS,
  SmartlicException,
  catalogueEntries,
  catalogueEntry,
  catalogueError,
  findSmartAgentRestError,
  isErrorCode,
  isSmartlicError,
  jmsTimeoutCode,
  smartAgentRestError,
  type ErrorCode,
  type ErrorFamily,
  type JmsTimeoutOperation,
  type JmsTimeoutTarget,
} from '../index.js';

// ---------------------------------------------------------------------------------------------------------------
// The guide: the shared reference when present, else the committed copy of its troubleshooting chapter.
// ---------------------------------------------------------------------------------------------------------------

const GUIDE_PATH =
  process.env.SMARTLIC_GUIDE ??
  path.resolve(process.cwd(), '../shared/reference/hcs-smart-licensing-operation-guide-12.5.txt');
const FIXTURE_PATH = fileURLToPath(new URL('../../../../../reference/hcs-guide/troubleshooting-chapter.txt', import.meta.url));
const guideAvailable = existsSync(GUIDE_PATH);

const readText = (file: string): string => readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');

/** From the chapter's body heading (the one followed by the chapter's mini table of contents) to the end. */
const chapterOf = (text: string): string => {
  const start = text.search(/^Troubleshooting Smart Licensing\n\n- Troubleshooting Smart Licensing, on page/m);
  if (start < 0) throw new Error('Troubleshooting chapter not found in the guide');
  return text.slice(start);
};

const CHAPTER = chapterOf(readText(guideAvailable ? GUIDE_PATH : FIXTURE_PATH));
const LINES = CHAPTER.split('\n');

/** The only OCR noise the transcription corrects ("I" read for "l" in "Slm"). */
const ocrFix = (text: string): string => text.replace(/EvtSImCuc/g, 'EvtSlmCuc').replace(/CuSImSvr/g, 'CuSlmSvr');
const norm = (text: string): string => text.replace(/\s+/g, ' ').trim();

// ---------------------------------------------------------------------------------------------------------------
// Troubleshooting tables: "<code>\t<message>\t<recommendation>"
// ---------------------------------------------------------------------------------------------------------------

interface GuideCode {
  code: string;
  family: ErrorFamily;
  message: string;
  recommendedAction: string;
}

const CODE_ROW = /^(CSSM|CAA|SLMCT|SLM|UCAPI)(\d{4})\t([^\t]*)\t([^\t]*)$/;
const CODE_LIKE = /^(?:CSSM|CAA|SLMCT|SLM|UCAPI)\d+\b/;

const guideCodes: GuideCode[] = LINES.flatMap((line) => {
  const match = CODE_ROW.exec(line);
  if (match === null) return [];
  const [, family, digits, message, recommendedAction] = match;
  return [{ code: `${family}${digits}`, family: family as ErrorFamily, message: message!, recommendedAction: recommendedAction! }];
});

const guideCount = (family: ErrorFamily): number => guideCodes.filter((row) => row.family === family).length;
const catalogueCount = (family: ErrorFamily): number => catalogueEntries(family).length;

describe('ERROR_CATALOGUE against the guide ("Troubleshooting Smart Licensing")', () => {
  it(`reads the guide (${guideAvailable ? GUIDE_PATH : `fixture ${FIXTURE_PATH}`})`, () => {
    expect(guideCodes.length).toBeGreaterThan(100);
    // Every line that starts with a code must have parsed as a table row (no row in an unexpected layout).
    expect(LINES.filter((line) => CODE_LIKE.test(line)).length).toBe(guideCodes.length);
    expect(new Set(guideCodes.map((row) => row.code)).size).toBe(guideCodes.length);
  });

  // Without the shared guide (a clone without ../shared) the fixture is what the catalogue is checked against;
  // with it, the fixture must still be its verbatim copy.
  it('the committed fixture is a verbatim copy of the guide chapter', () => {
    const fixture = chapterOf(readText(FIXTURE_PATH));
    if (guideAvailable) expect(fixture).toBe(CHAPTER);
    else expect(fixture).toMatch(/^Troubleshooting Smart Licensing[\s\S]*Smart Licensing Error Code and Message Mapping/);
  });

  it.each(guideCodes.map((row) => [row.code, row] as const))('%s: same message and recommendation', (code, row) => {
    expect(isErrorCode(code)).toBe(true);
    const entry = catalogueEntry(code as ErrorCode);
    expect(entry.code).toBe(row.code);
    expect(entry.family).toBe(row.family);
    expect(norm(entry.message)).toBe(norm(row.message));
    expect(norm(entry.recommendedAction)).toBe(norm(row.recommendedAction));
  });

  it('has no code the guide lacks', () => {
    const guide = new Set(guideCodes.map((row) => row.code));
    expect(Object.keys(ERROR_CATALOGUE).filter((code) => !guide.has(code))).toEqual([]);
  });

  it.each(ERROR_FAMILIES.map((family) => [`${family}: ${guideCount(family)} codes`, family] as const))(
    '%s',
    (_name, family) => {
      expect(catalogueCount(family)).toBe(guideCount(family));
      expect(guideCount(family)).toBeGreaterThan(0);
    },
  );

  it('keys, codes and families agree', () => {
    for (const [key, entry] of Object.entries(ERROR_CATALOGUE)) {
      expect(entry.code).toBe(key);
      expect(key).toMatch(new RegExp(`^${entry.family}\\d{4}$`));
    }
  });

  it('keeps the guide wording, including its misspellings and empty cells', () => {
    expect(catalogueEntry('CAA1010').message).toBe('No Request Hanlder Mapping found in json');
    expect(catalogueEntry('SLMCT1015').message).toBe('Cluste is of unsupported Type');
    expect(catalogueEntry('SLM1007').message).toContain("Cluster does't have admin credentials");
    expect(catalogueEntry('CAA1049').recommendedAction).toBe('');
    expect(catalogueEntry('CAA1031')).toMatchObject({
      message: 'Error occurred as invalid certificate was',
      recommendedAction:
        'Uploaded to Expressway. Verify the CA certificate is available in the trust and uploaded CA signed certificate is valid.',
    });
    expect(catalogueEntry('UCAPI1001').recommendedAction).toBe('N/A');
  });

  it('isErrorCode rejects unknown and inherited names', () => {
    expect(isErrorCode('CAA1013')).toBe(false);
    expect(isErrorCode('cssm1001')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// "Smart Licensing Error Code and Message Mapping": "<api>\t<status>\t<code>\t<message>\t<action>"
// ---------------------------------------------------------------------------------------------------------------

interface GuideRestRow {
  operation: string;
  httpStatus: number;
  code: string;
  message: string;
  action: string;
}

const parseRestTable = (): GuideRestRow[] => {
  const start = LINES.findIndex(
    (line, index) => line === 'Smart Licensing Error Code and Message Mapping' && /^REST API\t/.test(LINES[index + 2] ?? ''),
  );
  if (start < 0) throw new Error('Mapping table not found in the guide');
  const rows: GuideRestRow[] = [];
  let operation = '';
  for (const line of LINES.slice(start + 1)) {
    if (!line.includes('\t') || line.startsWith('REST API\t')) continue; // blank lines, repeated page headers
    const [api = '', status = '', code = '', message = '', action = ''] = line.split('\t');
    if (/^\d{3}$/.test(status.trim())) {
      if (api.trim() !== '') operation = api.trim() === 'All APIs' ? 'all' : api.trim();
      rows.push({ operation, httpStatus: Number(status), code: code.trim(), message, action });
    } else if (api.trim() === '' && code.trim() === '' && message.trim() === '' && rows.length > 0) {
      rows[rows.length - 1]!.action += ` ${action}`; // continuation of the previous row's action cell
    } else {
      throw new Error(`Unexpected line in the mapping table: ${JSON.stringify(line)}`);
    }
  }
  return rows;
};

const ALARM = /\b(?:EvtSlm\w+|SmartLicensing\w+Failure|AuthenticationFailed)\b/g;
const guideRestRows = parseRestTable();

describe(`SMART_AGENT_REST_ERRORS against the guide's mapping table (${guideRestRows.length} rows)`, () => {
  it('has as many rows as the guide', () => {
    expect(SMART_AGENT_REST_ERRORS).toHaveLength(guideRestRows.length);
  });

  it.each(guideRestRows.map((row, index) => [index + 1, row.operation, row.httpStatus, row] as const))(
    'row %i: %s %i',
    (index, _operation, _status, row) => {
      const entry = SMART_AGENT_REST_ERRORS[index - 1]!;
      const action = ocrFix(row.action);
      expect({
        operation: entry.operation,
        httpStatus: entry.httpStatus,
        code: entry.code,
        message: norm(entry.message),
        recommendedAction: norm(entry.recommendedAction),
        alarms: entry.alarms,
      }).toEqual({
        operation: row.operation,
        httpStatus: row.httpStatus,
        code: row.code,
        message: norm(ocrFix(row.message)),
        recommendedAction: norm(action.replace(ALARM, '')),
        alarms: action.match(ALARM) ?? [],
      });
    },
  );

  it('every operation of the guide is a SmartAgentOperation', () => {
    const operations = new Set(guideRestRows.map((row) => row.operation).filter((op) => op !== 'all'));
    expect([...operations]).toEqual([...SMART_AGENT_OPERATIONS]);
  });

  it('keys are unique and prefixed with their operation', () => {
    const keys = SMART_AGENT_REST_ERRORS.map((row) => row.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const row of SMART_AGENT_REST_ERRORS) expect(row.key.startsWith(`${row.operation}.`)).toBe(true);
  });

  it('(operation, status, message) identifies one row', () => {
    const ids = SMART_AGENT_REST_ERRORS.map((row) => `${row.operation} ${row.httpStatus} ${norm(row.message).replace(/\.$/, '')}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('every catalogueCode exists in the catalogue', () => {
    for (const row of SMART_AGENT_REST_ERRORS) expect(isErrorCode(row.catalogueCode)).toBe(true);
  });

  it('maps rows to the codes the application adapter reports', () => {
    expect(smartAgentRestError('register.invalid-token').catalogueCode).toBe('CAA1048');
    expect(smartAgentRestError('register.subscriber-node').catalogueCode).toBe('CAA1049');
    expect(smartAgentRestError('register.already-registered').catalogueCode).toBe('CAA1081');
    expect(smartAgentRestError('register.unknown-error').catalogueCode).toBe('CAA1081');
    expect(smartAgentRestError('deregister.not-allowed').catalogueCode).toBe('CAA1042');
    expect(smartAgentRestError('deregister.communication-timeout').catalogueCode).toBe('CAA1082');
    expect(smartAgentRestError('transportsettings.not-allowed').catalogueCode).toBe('CAA1041');
    expect(smartAgentRestError('transportsettings.invalid-proxy-port').catalogueCode).toBe('CAA1040');
    expect(smartAgentRestError('transportsettings.apply-failed').catalogueCode).toBe('CAA1083');
    expect(smartAgentRestError('renewID.unknown-error').catalogueCode).toBe('CAA1050');
    expect(smartAgentRestError('renewAuth.not-allowed').catalogueCode).toBe('CAA1050');
    expect(smartAgentRestError('licensedetails.license-count-unavailable').catalogueCode).toBe('CAA1043');
    expect(smartAgentRestError('deregister.unknown-error').alarms).toEqual([
      'EvtSlmCucDeregistrationFailure',
      'SmartLicensingDeregistrationFailure',
    ]);
  });

  it('smartAgentRestError throws on an unknown key', () => {
    expect(() => smartAgentRestError('register.nope')).toThrow(/register\.nope/);
  });
});

describe('findSmartAgentRestError', () => {
  it('matches the exact message', () => {
    const token = smartAgentRestError('register.invalid-token');
    expect(findSmartAgentRestError('register', 400, token.message)).toBe(token);
  });

  it('matches tolerantly: whitespace and trailing period', () => {
    expect(findSmartAgentRestError('register', 500, '  The requested operation was not successful due to a communication timeout ')?.key).toBe(
      'register.communication-timeout',
    );
    expect(findSmartAgentRestError('renewID', 500, 'The requested operation was not successful due to a communication timeout.')?.key).toBe(
      'renewID.communication-timeout',
    );
    expect(findSmartAgentRestError('transportsettings', 500, 'Failed to apply the  Transport Settings.')?.key).toBe(
      'transportsettings.apply-failed',
    );
  });

  it('distinguishes operations and statuses sharing a message', () => {
    const message = 'The requested operation was not successful due to an unknown error';
    expect(findSmartAgentRestError('deregister', 500, message)?.key).toBe('deregister.unknown-error');
    expect(findSmartAgentRestError('renewAuth', 500, message)?.key).toBe('renewAuth.unknown-error');
    expect(findSmartAgentRestError('deregister', 405, message)).toBeUndefined();
    expect(findSmartAgentRestError('licensedetails', 500, message)).toBeUndefined();
    expect(findSmartAgentRestError('register', 500, 'Something else entirely')).toBeUndefined();
  });

  it('finds the "All APIs" 401 row for any operation', () => {
    for (const operation of SMART_AGENT_OPERATIONS) {
      expect(findSmartAgentRestError(operation, 401, 'User is not authorized to perform this operation')?.key).toBe(
        'all.not-authorized',
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// SmartlicError
// ---------------------------------------------------------------------------------------------------------------

describe('catalogueError / SmartlicException', () => {
  it('catalogueError fills message and recommendation from the catalogue', () => {
    expect(catalogueError('CAA1048', { clusterId: 'c1' })).toEqual({
      code: 'CAA1048',
      message: 'Product Registration Token is either invalid or has been expired',
      recommendedAction: 'Perform Smart Account Sync with CSSM.',
      details: { clusterId: 'c1' },
    });
    expect(catalogueError('CAA1049')).toEqual({ code: 'CAA1049', message: 'Product is in subscriber Node' });
  });

  it('round-trips through JSON', () => {
    const thrown = SmartlicException.fromCode('SLM1002', { clusterId: 'c1', timeoutMs: 30000 });
    expect(thrown).toBeInstanceOf(Error);
    expect(thrown.name).toBe('SmartlicException');
    expect(thrown.message).toBe('Smart Licensing Product Registration failed due to JMS timeout');

    const wire: unknown = JSON.parse(JSON.stringify(thrown));
    expect(wire).toEqual(catalogueError('SLM1002', { clusterId: 'c1', timeoutMs: 30000 }));
    expect(isSmartlicError(wire)).toBe(true);

    const received = new SmartlicException(wire as never);
    expect(received.toJSON()).toEqual(thrown.toJSON());
    expect(received.code).toBe('SLM1002');
    expect(received.recommendedAction).toBe('Check if the CAA CUCM Service is started');
    expect(received.details).toEqual({ clusterId: 'c1', timeoutMs: 30000 });
  });

  it('toJSON omits absent optional fields', () => {
    expect(JSON.parse(JSON.stringify(new SmartlicException({ code: 'X', message: 'm' })))).toEqual({ code: 'X', message: 'm' });
  });

  it('isSmartlicError rejects other shapes', () => {
    expect(isSmartlicError({ code: 'X', message: 'm' })).toBe(true);
    expect(isSmartlicError(null)).toBe(false);
    expect(isSmartlicError('CAA1001')).toBe(false);
    expect(isSmartlicError({ code: 1, message: 'm' })).toBe(false);
    expect(isSmartlicError({ code: 'X' })).toBe(false);
    expect(isSmartlicError({ code: 'X', message: 'm', recommendedAction: 3 })).toBe(false);
    expect(isSmartlicError({ code: 'X', message: 'm', details: [] })).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// JMS timeouts
// ---------------------------------------------------------------------------------------------------------------

describe('jmsTimeoutCode', () => {
  const cases: [JmsTimeoutOperation, JmsTimeoutTarget, ErrorCode][] = [
    ['register', 'cucm', 'SLM1002'],
    ['register', 'cuc', 'SLM1002'], // no type-specific code in the guide: cucm fallback
    ['register', 'cer', 'SLM1002'],
    ['register', 'expressway', 'SLM1002'],
    ['deregister', 'cucm', 'SLM1011'],
    ['deregister', 'cer', 'SLM1021'],
    ['deregister', 'cuc', 'SLM1011'],
    ['deregister', 'expressway', 'SLM1011'],
    ['transport', 'cucm', 'SLM1018'],
    ['transport', 'cer', 'SLM1023'],
    ['transport', 'cuc', 'SLM1024'],
    ['transport', 'expressway', 'SLM1018'],
    ['transport', 'license-mode', 'SLM1018'],
    ['license-mode', 'license-mode', 'SLMCT1004'],
    ['license-mode', 'cucm', 'SLMCT1005'],
    ['license-mode', 'cer', 'SLMCT1005'],
    ['license-mode-reset', 'license-mode', 'SLMCT1018'],
    ['license-mode-reset', 'cuc', 'SLMCT1019'],
  ];

  it.each(cases)('%s towards %s → %s', (operation, target, code) => {
    expect(jmsTimeoutCode(operation, target)).toBe(code);
  });

  it('every JMS timeout code is a "JMS timeout" row of the catalogue', () => {
    const codes = Object.values(JMS_TIMEOUT_CODES).flatMap((byTarget) => Object.values(byTarget) as ErrorCode[]);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(catalogueEntry(code).message).toMatch(/JMS timeout/);
    const guideJmsCodes = guideCodes.filter((row) => /JMS timeout/.test(row.message)).map((row) => row.code);
    expect([...codes].sort()).toEqual([...guideJmsCodes].sort());
  });
});
