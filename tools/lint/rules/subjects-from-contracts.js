// ESLint rule (services/): NATS subjects come only from libs/contracts, through an event's or a command's
// definition (`JobEvents.updated.subject`, `subjects.qualify(command.subject)`). A subject written in a service, as
// a literal or built from the roots and builders of libs/contracts' subjects.ts, escapes the contract: the streams,
// the NATS permissions (tools/deploy) and the AsyncAPI document would not know it.
// Proven by tools/lint/__tests__/subjects-from-contracts.spec.ts.

/**
 * A subject of smartlic's shape, optionally behind a namespace: `smartlic.<service>.v<N>...`, `smartlic.job.v1...`,
 * `smartlic.dlq.<durable>`, `hcs.provisioning.v1...`, or a wildcard under either root. Span attribute names such as
 * `smartlic.job.id` have no version segment and do not match.
 */
const SUBJECT = /^(?:[\w-]+\.)?(?:smartlic|hcs\.provisioning)\.(?:(?:[\w*-]+\.)*v\d+(?:\.|$)|dlq(?:\.|$)|[>*](?:\.|$))/;

/** What libs/contracts uses to build subjects; a service names a definition instead. */
const BUILDERS = new Set(['SMARTLIC_ROOT', 'PROVISIONING_ROOT', 'eventSubject', 'commandSubject', 'provisioningSubject', 'deadLetterSubject']);

const isPlus = (node) => node?.type === 'BinaryExpression' && node.operator === '+';

/** The text a string expression would have, with `x` for every part not known statically. */
const textOf = (node) => {
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : 'x';
  if (node.type === 'TemplateLiteral') return node.quasis.map((q) => q.value.cooked ?? '').join('x');
  if (isPlus(node)) return textOf(node.left) + textOf(node.right);
  return 'x';
};

const hasString = (node) => (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral' || (isPlus(node) && (hasString(node.left) || hasString(node.right)));

const nameOf = (node) => (node?.type === 'Identifier' ? node.name : node?.type === 'Literal' ? String(node.value) : undefined);

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'NATS subjects in services come only from libs/contracts (an event or command definition)' },
    schema: [],
    messages: {
      literal:
        'NATS subject "{{text}}" written in a service: subjects come from libs/contracts (an event\'s or command\'s `.subject`, qualified by `subjects.qualify(...)`).',
      builder:
        '{{name}} builds subjects: only libs/contracts does that. Define the event or command there and use its `.subject`.',
      qualify: 'subjects.qualify() takes a contract\'s subject (`event.subject`, `command.subject`), not a string built here.',
    },
  },
  create(context) {
    const checkString = (node) => {
      // A concatenation is checked once, as a whole, at its top.
      if (isPlus(node.parent)) return;
      const text = textOf(node);
      if (SUBJECT.test(text)) context.report({ node, messageId: 'literal', data: { text } });
    };
    const checkBuilder = (node, name) => {
      if (name && BUILDERS.has(name)) context.report({ node, messageId: 'builder', data: { name } });
    };
    return {
      Literal(node) {
        if (typeof node.value !== 'string') return;
        const parent = node.parent;
        // Module names and object keys are not subjects.
        if (['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression'].includes(parent?.type) && parent.source === node) return;
        if ((parent?.type === 'Property' || parent?.type === 'PropertyDefinition') && parent.key === node && !parent.computed) return;
        checkString(node);
      },
      TemplateLiteral(node) {
        if (node.parent?.type === 'TaggedTemplateExpression') return;
        checkString(node);
        for (const expression of node.expressions) if (expression.type === 'Identifier') checkBuilder(expression, expression.name);
      },
      BinaryExpression(node) {
        if (isPlus(node) && !isPlus(node.parent) && hasString(node)) checkString(node);
      },
      ImportSpecifier(node) {
        checkBuilder(node, nameOf(node.imported));
      },
      MemberExpression(node) {
        checkBuilder(node, node.computed ? (node.property.type === 'Literal' ? nameOf(node.property) : undefined) : nameOf(node.property));
      },
      'ObjectPattern > Property'(node) {
        checkBuilder(node, nameOf(node.key));
      },
      CallExpression(node) {
        const callee = node.callee;
        const argument = node.arguments[0];
        if (callee.type === 'MemberExpression' && nameOf(callee.property) === 'qualify' && argument && hasString(argument)) {
          context.report({ node: argument, messageId: 'qualify' });
        }
      },
    };
  },
};
