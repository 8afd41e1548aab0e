import { parseArgs } from 'node:util';
import { createApiToken } from '../modules/auth/api-tokens.js';
import { openDatabase } from './bootstrap.js';

// npm run token:create -- --role admin|integrator --name "Newsroom CMS"
const { values } = parseArgs({
  options: { role: { type: 'string', default: 'integrator' }, name: { type: 'string' } },
});
if (values.role !== 'admin' && values.role !== 'integrator') {
  console.error('--role must be admin or integrator');
  process.exit(1);
}
if (!values.name?.trim()) {
  console.error('--name is required: who or what will use the token');
  process.exit(1);
}
const { db, close } = await openDatabase();
try {
  const token = await createApiToken(db, values.name.trim(), values.role);
  console.log(`New ${values.role} token for "${values.name.trim()}" (shown once, store it safely):\n${token}`);
} finally {
  await close();
}
