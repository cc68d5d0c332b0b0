// Prints one new key ring entry: `node dist/libs/secrets/src/cli/generate-key.js [kid]`.
// To rotate, prepend it to SMARTLIC_ENCRYPTION_KEYS (the first entry is the active key) and keep the old entries
// until every row has been re-encrypted with SecretBox.rotate.
import { generateKey } from '../generate-key.js';

process.stdout.write(`${generateKey(process.argv[2])}\n`);
process.stderr.write('Prepend this entry to SMARTLIC_ENCRYPTION_KEYS; the first entry is the active key.\n');
