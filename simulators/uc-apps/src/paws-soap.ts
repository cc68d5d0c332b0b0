import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * The SOAP side of the platform's PAWS services, written from Cisco's DevNet "PAWS API Reference" (WIRE-FORMATS.md
 * §7): namespace `http://services.api.platform.vos.cisco.com` [C], requests in SOAP 1.1 or 1.2 with WS-Addressing
 * headers [C], `<ns:<operation>Response><ns:return>` answers whose children carry a `result` code [C]. Axis2 (PAWS
 * runs on it) serves both SOAP versions at one address and answers in the request's version [I].
 */
export const PAWS_NAMESPACE = 'http://services.api.platform.vos.cisco.com';
const ELEMENT_NAMESPACE = 'http://element.services.api.platform.vos.cisco.com/xsd';
const API_NAMESPACE = 'http://api.platform.vos.cisco.com/xsd';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const WSA = 'http://www.w3.org/2005/08/addressing';
const WSA_NAMESPACES = new Set([WSA, 'http://schemas.xmlsoap.org/ws/2004/08/addressing']);

export type SoapVersion = '1.1' | '1.2';
const ENVELOPE_NAMESPACE: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};
export const SOAP_CONTENT_TYPE: Record<SoapVersion, string> = {
  '1.1': 'text/xml; charset=UTF-8',
  '1.2': 'application/soap+xml; charset=UTF-8',
};

/** The result codes of PAWS answers [C]. */
export const PAWS_RESULT = {
  complete: 'internal.request.complete',
  failed: 'internal.request.failed',
  processing: 'internal.request.processing',
} as const;

export interface PawsRequest {
  soap: SoapVersion;
  /** Local name of the Body's operation element, else the WS-Addressing action without `urn:` (Axis2 dispatches on either). */
  operation: string | undefined;
  /** Namespace of the operation element (undefined when the Body is empty). */
  namespace: string | undefined;
  /** `<args0>`, `<args1>`… text values, in order ('' for a structured one). */
  args: string[];
  /** The child elements of each structured `<argsN>` by local name (prepareRemoteUpgrade's UpgradeFile), else {}. */
  argFields: Record<string, string>[];
  /** `wsa:Action`, when sent. */
  action: string | undefined;
  /** `wsa:MessageID`, echoed as `wsa:RelatesTo`. */
  messageId: string | undefined;
}

type XmlNode = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, trimValues: true });

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const prefixOf = (name: string): string => (name.includes(':') ? name.slice(0, name.indexOf(':')) : '');
const elements = (node: unknown): [string, unknown][] =>
  typeof node === 'object' && node !== null ? Object.entries(node).filter(([k]) => !k.startsWith('@') && k !== '#text') : [];
const textOf = (node: unknown): string | undefined => {
  if (typeof node === 'string') return node;
  if (typeof node === 'object' && node !== null && typeof (node as XmlNode)['#text'] === 'string') return (node as XmlNode)['#text'] as string;
  if (typeof node === 'object' && node !== null && elements(node).length === 0) return '';
  return undefined;
};

/** Namespace declarations in scope, innermost last. */
const declarations = (scopes: unknown[]): Map<string, string> => {
  const map = new Map<string, string>();
  for (const scope of scopes) {
    if (typeof scope !== 'object' || scope === null) continue;
    for (const [key, value] of Object.entries(scope)) {
      if (key === '@xmlns') map.set('', String(value));
      else if (key.startsWith('@xmlns:')) map.set(key.slice('@xmlns:'.length), String(value));
    }
  }
  return map;
};

/** A PAWS request envelope; undefined when the text is not a SOAP 1.1/1.2 envelope. */
export const parsePawsRequest = (xml: string): PawsRequest | undefined => {
  if (XMLValidator.validate(xml) !== true) return undefined;
  const doc = parser.parse(xml) as XmlNode;
  const [envelopeName, envelope] = elements(doc).find(([name]) => localName(name) === 'Envelope') ?? [];
  if (envelopeName === undefined) return undefined;
  const envelopeNs = declarations([envelope]).get(prefixOf(envelopeName));
  const soap = (Object.keys(ENVELOPE_NAMESPACE) as SoapVersion[]).find((v) => ENVELOPE_NAMESPACE[v] === envelopeNs);
  if (!soap) return undefined;
  const child = (name: string) => elements(envelope).find(([n]) => localName(n) === name && prefixOf(n) === prefixOf(envelopeName));
  const [, header] = child('Header') ?? [];
  const [, body] = child('Body') ?? [];
  if (body === undefined) return undefined;

  const wsa = (name: string): string | undefined => {
    for (const [key, value] of elements(header)) {
      if (localName(key) !== name) continue;
      const ns = declarations([envelope, header, value]).get(prefixOf(key));
      if (ns !== undefined && WSA_NAMESPACES.has(ns)) return textOf(value)?.trim();
    }
    return undefined;
  };
  const action = wsa('Action');
  const messageId = wsa('MessageID');

  const [opName, op] = elements(body)[0] ?? [];
  if (opName === undefined) {
    return { soap, operation: action?.replace(/^urn:/, ''), namespace: undefined, args: [], argFields: [], action, messageId };
  }
  const namespace = declarations([envelope, body, op]).get(prefixOf(opName));
  const argElements = elements(op)
    .filter(([name]) => /^args\d+$/.test(localName(name)))
    .sort(([a], [b]) => Number(localName(a).slice(4)) - Number(localName(b).slice(4)));
  const args = argElements.map(([, value]) => textOf(value)?.trim() ?? '');
  const argFields = argElements.map(([, value]) => Object.fromEntries(elements(value).map(([name, child]) => [localName(name), textOf(child)?.trim() ?? ''])));
  return { soap, operation: localName(opName), namespace, args, argFields, action, messageId };
};

export const escapeXml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

const envelope = (soap: SoapVersion, action: string, relatesTo: string | undefined, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${ENVELOPE_NAMESPACE[soap]}">` +
  `<soapenv:Header xmlns:wsa="${WSA}"><wsa:Action>${action}</wsa:Action>` +
  (relatesTo ? `<wsa:RelatesTo>${escapeXml(relatesTo)}</wsa:RelatesTo>` : '') +
  `</soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

/** One `remoteMessages` entry of a failed answer [C shape, I keys]. */
export interface RemoteMessage {
  messageKey: string;
  messageParams: string;
}

export interface PawsReturn {
  /** `xsi:type` of `<ns:return>`, e.g. `DeploymentModeResponse` [C]. */
  type: string;
  result: string;
  /** Failure messages, rendered before `result` as in the reference's restartSystem example. */
  remoteMessages?: RemoteMessage[];
  /** Further children after `result`, in order; null renders `xsi:nil="true"`. */
  fields?: [string, string | null][];
}

/** `<ns:<operation>Response><ns:return xsi:type="ax:…">…</ns:return>` in the request's SOAP version. */
export const pawsResponse = (request: Pick<PawsRequest, 'soap' | 'messageId'>, operation: string, ret: PawsReturn): string => {
  const messages = (ret.remoteMessages ?? [])
    .map(
      (m) =>
        `<ax1:remoteMessages xsi:type="ax1:RemoteMessage"><ax2:error>true</ax2:error><ax2:info>false</ax2:info>` +
        `<ax2:messageKey>${escapeXml(m.messageKey)}</ax2:messageKey><ax2:messageType>internal.message.error</ax2:messageType>` +
        `<ax2:warning>false</ax2:warning><ax1:messageParams>${escapeXml(m.messageParams)}</ax1:messageParams></ax1:remoteMessages>`,
    )
    .join('');
  const fields = (ret.fields ?? [])
    .map(([name, value]) => (value === null ? `<ax1:${name} xsi:nil="true"/>` : `<ax1:${name}>${escapeXml(value)}</ax1:${name}>`))
    .join('');
  const body =
    `<ns:${operation}Response xmlns:ns="${PAWS_NAMESPACE}">` +
    `<ns:return xmlns:ax1="${ELEMENT_NAMESPACE}" xmlns:ax2="${API_NAMESPACE}" xmlns:xsi="${XSI}" xsi:type="ax1:${ret.type}">` +
    `${messages}<ax1:result>${ret.result}</ax1:result>${fields}</ns:return></ns:${operation}Response>`;
  return envelope(request.soap, `urn:${operation}Response`, request.messageId, body);
};

/**
 * A SOAP fault (HTTP 500) [I: SOAP 1.1 / 1.2 fault structure, as Axis2 renders it]: `faultcode`/`faultstring` in 1.1,
 * `Code/Value` and `Reason/Text` in 1.2. `sender` is the client's fault (Client / Sender), else the server's.
 */
export const pawsFault = (soap: SoapVersion, sender: boolean, reason: string): string => {
  const text = escapeXml(reason);
  const body =
    soap === '1.1'
      ? `<soapenv:Fault><faultcode>soapenv:${sender ? 'Client' : 'Server'}</faultcode><faultstring>${text}</faultstring><detail/></soapenv:Fault>`
      : `<soapenv:Fault><soapenv:Code><soapenv:Value>soapenv:${sender ? 'Sender' : 'Receiver'}</soapenv:Value></soapenv:Code>` +
        `<soapenv:Reason><soapenv:Text xml:lang="en-US">${text}</soapenv:Text></soapenv:Reason><soapenv:Detail/></soapenv:Fault>`;
  return envelope(soap, `${WSA}/soap/fault`, undefined, body);
};
