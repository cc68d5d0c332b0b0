import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { LICENSE_MODES } from '#libs/contracts';

/**
 * WIRE FORMAT — Unified CM (simulators/uc-apps/WIRE-FORMATS.md §2).
 *
 * AXL SOAP 1.1 [C operations and envelope, NF response and fault content]: `POST /axl/`, `Content-Type: text/xml`,
 * `SOAPAction: "CUCM:DB ver=12.5 <operation>"`, namespace `http://www.cisco.com/AXL/API/12.5`, admin Basic auth.
 * `doSmartLicenseRegister` (`<token>`, `<force>`), `doSmartLicenseDeRegister`, `getSmartLicenseStatus` (answers
 * `LicenseDetails`). Success: `<return>Success</return>`. Faults: HTTP 500 text/xml with `faultstring` and
 * `detail/axlError/{axlcode, axlmessage}`, where a smart-agent failure carries the mapping-table row's HTTP status
 * as `axlcode` and its message. Bad credentials: 401 with a Tomcat HTML page (no SOAP fault).
 *
 * Smart-agent REST for the other operations under `/ucmservices/smartlicense` [NF: our choice of path].
 */
export const AXL_PATH = '/axl/';
export const AXL_VERSION = '12.5';
export const AXL_NAMESPACE = `http://www.cisco.com/AXL/API/${AXL_VERSION}`;
export const AXL_CREDENTIAL = 'admin' as const;
export const CUCM_SMART_LICENSE_PREFIX = '/ucmservices/smartlicense';

export type AxlOperation = 'doSmartLicenseRegister' | 'doSmartLicenseDeRegister' | 'getSmartLicenseStatus';

const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export const axlHeaders = (operation: AxlOperation): Record<string, string> => ({ soapaction: `"CUCM:DB ver=${AXL_VERSION} ${operation}"` });

export const axlEnvelope = (operation: AxlOperation, fields: Record<string, string> = {}): string =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="${AXL_NAMESPACE}">` +
  `<soapenv:Header/><soapenv:Body><ns:${operation}>` +
  Object.entries(fields)
    .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
    .join('') +
  `</ns:${operation}></soapenv:Body></soapenv:Envelope>`;

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, isArray: (name) => name === 'Entitlement' });

/** The SOAP Body of an AXL answer; undefined when the text is not a SOAP envelope (the caller reports CAA1037). */
export const axlBody = (xml: string): Record<string, unknown> | undefined => {
  if (XMLValidator.validate(xml) !== true) return undefined;
  const doc = parser.parse(xml) as { Envelope?: { Body?: unknown } };
  const body = doc.Envelope?.Body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
};

export const axlFaultSchema = z.object({
  faultcode: z.string().optional(),
  faultstring: z.string().default(''),
  detail: z.object({ axlError: z.object({ axlcode: z.coerce.number().int(), axlmessage: z.string().default('') }).loose() }).loose().optional(),
});

/** `<return>Success</return>` of the do* operations. */
export const axlReturnSchema = z.object({ return: z.literal('Success') }).loose();

const optionalText = z.union([z.string(), z.literal('')]).optional();

/** `getSmartLicenseStatusResponse/LicenseDetails`. */
export const axlLicenseDetailsSchema = z
  .object({
    LicenseMode: z.enum(LICENSE_MODES).optional(),
    Registration: z
      .object({
        Status: z.string(),
        State: z.enum(['EVALUATION', 'REGISTERED', 'DEREGISTERED']),
        SmartAccountName: optionalText,
        VirtualAccountName: optionalText,
        RegistrationExpires: optionalText,
      })
      .loose(),
    Authorization: z.object({ Status: z.string(), AuthorizationExpires: optionalText }).loose(),
    PublisherHostname: optionalText,
  })
  .loose();

export const axlResponseElement = (operation: AxlOperation): string => `${operation}Response`;
