import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');

/** One line per issue: `<label>: <json.path>: <rule>` (e.g. `lab.yaml: cssm.smartAccounts[0].domain: expected string`). */
export const formatScenarioIssues = (label: string, error: z.ZodError): string =>
  error.issues
    .map((issue) => {
      const path = formatPath(issue.path);
      const rule = issue.message.replace(/^Invalid input: /, '');
      return `${label}: ${path || '(root)'}: ${rule}`;
    })
    .join('\n');

/** Validates an already parsed scenario; throws an Error naming the label, the JSON path and the rule. */
export const parseScenario = <S extends z.ZodType>(data: unknown, schema: S, label = 'scenario'): z.output<S> => {
  const result = schema.safeParse(data);
  if (!result.success) throw new Error(formatScenarioIssues(label, result.error));
  return result.data;
};

/** Reads a JSON or YAML scenario file and validates it with the schema. */
export const loadScenarioFile = async <S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> => {
  const label = basename(path);
  const text = await readFile(path, 'utf8');
  let data: unknown;
  try {
    data = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new Error(`${label}: (root): not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(e as Error).message}`, { cause: e });
  }
  return parseScenario(data, schema, label);
};
