import { XMLParser } from 'fast-xml-parser';

/**
 * SOAP 1.1 as Unified CM's AXL service speaks it (DevNet AXL Developer Guide; Cisco's AXL schema and WSDL): the
 * request's operation element in `http://www.cisco.com/AXL/API/<version>`, unqualified children; answers in the
 * request's namespace; faults with `detail/axlError {axlcode, axlmessage, request}`.
 */
const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const AXL_NAMESPACE = /^http:\/\/www\.cisco\.com\/AXL\/API\/(\d+\.\d+)$/;
/** The namespace a fault uses when the request named none we could read. */
export const DEFAULT_AXL_VERSION = '12.5';

export const axlNamespaceOf = (version: string): string => `http://www.cisco.com/AXL/API/${version}`;

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true });

export const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** A nested element tree rendered as XML in insertion order; arrays repeat the element, undefined values are left out. */
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

/** Element content as read: text, or child elements by local name (attributes dropped). */
export type AxlContent = string | { [element: string]: AxlContent };

export interface AxlRequest {
  operation: string;
  /** Namespace URI of the operation element. */
  namespace: string | undefined;
  /** The AXL schema version the namespace names (`12.5`, `14.0`), undefined when it is not an AXL namespace. */
  version: string | undefined;
  content: AxlContent;
}

const localName = (key: string): string => key.slice(key.indexOf(':') + 1);
const prefixOf = (key: string): string => (key.includes(':') ? key.slice(0, key.indexOf(':')) : '');
const isElementKey = (key: string): boolean => !key.startsWith('@_') && key !== '#text';
const asRecord = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

const contentOf = (value: unknown): AxlContent => {
  if (typeof value !== 'object' || value === null) return value === undefined ? '' : String(value);
  // A repeated element keeps its first occurrence: no smart-licensing request repeats one.
  if (Array.isArray(value)) return contentOf(value[0]);
  const out: { [element: string]: AxlContent } = {};
  for (const [key, child] of Object.entries(value)) if (isElementKey(key)) out[localName(key)] = contentOf(child);
  return out;
};

/** The text of a child element, undefined when absent (an empty element is ''). */
export const childText = (content: AxlContent, name: string): string | undefined => {
  if (typeof content === 'string') return undefined;
  const child = content[name];
  return typeof child === 'string' ? child : undefined;
};

export const childOf = (content: AxlContent, name: string): AxlContent | undefined => (typeof content === 'string' ? undefined : content[name]);

/** The operation element of a SOAP 1.1 envelope, with its namespace resolved; undefined when the body is not one. */
export const parseAxlRequest = (xml: string): AxlRequest | undefined => {
  let doc: Record<string, unknown>;
  try {
    doc = asRecord(parser.parse(xml, true));
  } catch {
    return undefined;
  }
  const envelopeKey = Object.keys(doc).find((k) => localName(k) === 'Envelope');
  const envelope = asRecord(envelopeKey ? doc[envelopeKey] : undefined);
  const bodyKey = Object.keys(envelope).find((k) => localName(k) === 'Body');
  const body = asRecord(bodyKey ? envelope[bodyKey] : undefined);
  const operationKey = Object.keys(body).find(isElementKey);
  if (operationKey === undefined) return undefined;
  const element = body[operationKey];
  const prefix = prefixOf(operationKey);
  const declaration = prefix === '' ? '@_xmlns' : `@_xmlns:${prefix}`;
  const namespace = [asRecord(element), body, envelope].map((scope) => scope[declaration]).find((v): v is string => typeof v === 'string');
  const version = namespace === undefined ? undefined : AXL_NAMESPACE.exec(namespace)?.[1];
  return { operation: localName(operationKey), namespace, version, content: contentOf(element) };
};

const envelope = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

/** `<ns:<operation>Response>` in the request's namespace, holding `content` (rendered in schema order by the caller). */
export const axlResponse = (version: string, operation: string, content: string): string =>
  envelope(`<ns:${operation}Response xmlns:ns="${axlNamespaceOf(version)}">${content}</ns:${operation}Response>`);

export interface AxlFaultInput {
  faultcode: 'soapenv:Client' | 'soapenv:Server';
  faultstring: string;
  axlcode: number;
  request: string;
  version: string;
}

/** A SOAP 1.1 fault carrying `axlError` (the WSDL's fault element, in the request's AXL namespace). */
export const axlFault = (fault: AxlFaultInput): string =>
  envelope(
    `<soapenv:Fault><faultcode>${fault.faultcode}</faultcode><faultstring>${escapeXml(fault.faultstring)}</faultstring>` +
      `<detail><axl:axlError xmlns:axl="${axlNamespaceOf(fault.version)}"><axlcode>${fault.axlcode}</axlcode>` +
      `<axlmessage>${escapeXml(fault.faultstring)}</axlmessage><request>${escapeXml(fault.request)}</request></axl:axlError></detail></soapenv:Fault>`,
  );
