import { XMLParser } from 'fast-xml-parser';

export const AXL_NAMESPACE = 'http://www.cisco.com/AXL/API/12.5';
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

export const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A nested element tree rendered as XML; arrays repeat the element, undefined values are left out. */
export type XmlValue = string | number | boolean | undefined | XmlTree | XmlTree[];
export interface XmlTree {
  [element: string]: XmlValue;
}

export const toXml = (tree: XmlTree): string =>
  Object.entries(tree)
    .map(([name, value]) => {
      if (value === undefined) return '';
      if (Array.isArray(value)) return value.map((item) => `<${name}>${toXml(item)}</${name}>`).join('');
      if (typeof value === 'object') return `<${name}>${toXml(value)}</${name}>`;
      return `<${name}>${escapeXml(String(value))}</${name}>`;
    })
    .join('');

export interface AxlRequest {
  operation: string;
  /** Child elements of the operation element, text values only (what the smart-licensing operations use). */
  fields: Record<string, string>;
}

/** The operation element of a SOAP 1.1 envelope; undefined when the body is not a SOAP request. */
export const parseAxlRequest = (xml: string): AxlRequest | undefined => {
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    return undefined;
  }
  const body = (doc as { Envelope?: { Body?: unknown } } | undefined)?.Envelope?.Body;
  if (typeof body !== 'object' || body === null) return undefined;
  const [operation, content] = Object.entries(body)[0] ?? [];
  if (operation === undefined) return undefined;
  const fields: Record<string, string> = {};
  if (typeof content === 'object' && content !== null) {
    for (const [key, value] of Object.entries(content)) if (typeof value === 'string') fields[key] = value;
  }
  return { operation, fields };
};

const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

/** `<ns:<operation>Response>` holding `content` as is (AXL smart-licensing responses carry no `<return>` wrapper for status). */
export const axlResponse = (operation: string, content: XmlTree): string =>
  envelope(`<ns:${operation}Response xmlns:ns="${AXL_NAMESPACE}">${toXml(content)}</ns:${operation}Response>`);

/** A SOAP 1.1 fault in the shape CUCM AXL uses: `detail/axlError/{axlcode,axlmessage,request}`. */
export const axlFault = (fault: { faultcode: 'soapenv:Client' | 'soapenv:Server'; faultstring: string; axlcode: number; request: string }): string =>
  envelope(
    `<soapenv:Fault><faultcode>${fault.faultcode}</faultcode><faultstring>${escapeXml(fault.faultstring)}</faultstring>` +
      `<detail><axlError><axlcode>${fault.axlcode}</axlcode><axlmessage>${escapeXml(fault.faultstring)}</axlmessage>` +
      `<request>${escapeXml(fault.request)}</request></axlError></detail></soapenv:Fault>`,
  );
