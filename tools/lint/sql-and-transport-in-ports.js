// Two lint rules for services/: SQL only in repositories, transport clients only in ports (issue 15, point 3).
// Which files may is decided by the `files`/`ignores` of the config blocks in eslint.config.js; these rules flag every
// use they see. Proven by tools/lint/__tests__/sql-and-transport-in-ports.spec.ts.

/** Calls that run SQL: TypeORM's query(), its query builders and repositories, and libs/persistence's helpers. */
const SQL_METHODS = new Set(['query', 'createQueryBuilder', 'getRepository', 'getTreeRepository']);
const SQL_FUNCTIONS = new Set(['queryReturning', 'queryPrepared']);
const SQL_MODULE = /^pg(-.*)?$/;
/** Raw transports: NATS, HTTP (undici, node), sockets, SSH and SFTP. libs/messaging's CommandClient is a port. */
const TRANSPORT_MODULE = /^(@nats-io\/.*|undici|(node:)?(http|https|http2|net|tls|dgram)|ssh2|ssh2-sftp-client)$/;
/** The service's raw NATS connection (libs/service-kit's injection token). */
const TRANSPORT_HANDLES = new Set(['NATS_HANDLES']);

const typeOnly = (node) =>
  node.importKind === 'type' || node.exportKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));

/** Reports module sources matching `pattern` (static, re-exported or dynamic imports; type-only ones are not code). */
const moduleVisitors = (context, pattern, messageId) => {
  const check = (node) => {
    const source = node.source;
    if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
    if (pattern.test(source.value) && !typeOnly(node)) context.report({ node: source, messageId, data: { what: `'${source.value}'` } });
  };
  return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
};

const calleeName = (callee) => {
  if (callee.type === 'Identifier') return { name: callee.name, member: false };
  if (callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier') return { name: callee.property.name, member: true };
  return undefined;
};

export const sqlInRepositories = {
  meta: {
    type: 'problem',
    docs: { description: 'In services, SQL runs only in repositories (*.repository.ts) and database/ (migrations).' },
    schema: [],
    messages: {
      sql: "SQL ({{what}}) runs only in a repository (*.repository.ts) or database/ (migrations): move the statement into the feature's repository and call it from here.",
    },
  },
  create(context) {
    return {
      ...moduleVisitors(context, SQL_MODULE, 'sql'),
      CallExpression(node) {
        const callee = calleeName(node.callee);
        if (!callee) return;
        if ((callee.member && SQL_METHODS.has(callee.name)) || (!callee.member && SQL_FUNCTIONS.has(callee.name))) {
          context.report({ node: node.callee, messageId: 'sql', data: { what: `${callee.name}()` } });
        }
      },
    };
  },
};

export const transportInPorts = {
  meta: {
    type: 'problem',
    docs: { description: "In services, transport clients only in ports (*.client.ts, *.port.ts, app-adapter's drivers/)." },
    schema: [],
    messages: {
      transport:
        "A transport client ({{what}}) belongs in a port (*.client.ts, *.port.ts, or app-adapter's drivers/): put the call behind one and inject it; services and handlers call ports (libs/messaging's CommandClient is one).",
    },
  },
  create(context) {
    return {
      ...moduleVisitors(context, TRANSPORT_MODULE, 'transport'),
      ImportSpecifier(node) {
        const declaration = node.parent;
        if (node.imported.type === 'Identifier' && TRANSPORT_HANDLES.has(node.imported.name) && node.importKind !== 'type' && declaration.importKind !== 'type') {
          context.report({ node, messageId: 'transport', data: { what: node.imported.name } });
        }
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'fetch') context.report({ node: node.callee, messageId: 'transport', data: { what: 'fetch()' } });
      },
    };
  },
};

export const portsPlugin = { meta: { name: 'smartlic-ports' }, rules: { 'sql-in-repositories': sqlInRepositories, 'transport-in-ports': transportInPorts } };
