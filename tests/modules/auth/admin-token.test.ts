import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTokenRole } from '../../../src/modules/auth/api-tokens.js';
import { bootstrapAdminToken } from '../../../src/modules/auth/admin-token.bootstrap.js';
import { buildTestContext, type TestContext } from '../../helpers/app.js';

let t: TestContext;
let dir: string;
beforeAll(async () => {
  t = await buildTestContext({ smtp: false });
  dir = mkdtempSync(path.join(os.tmpdir(), 'pressdesk-token-'));
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('admin token at start', () => {
  it('registers ADMIN_TOKEN (hashed) so it authenticates as admin, idempotently', async () => {
    const token = 'operator-chosen-token-0123456789';
    expect(await bootstrapAdminToken(t.db, { ADMIN_TOKEN: token, DATA_DIR: dir }, false)).toEqual({ token, source: 'ADMIN_TOKEN' });
    await bootstrapAdminToken(t.db, { ADMIN_TOKEN: token, DATA_DIR: dir }, false);
    expect((await findTokenRole(t.db, token))?.role).toBe('admin');
    const rows = await t.db.selectFrom('api_tokens').select(['token_hash', 'name']).where('name', '=', 'ADMIN_TOKEN').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
  });

  it('the embedded demo makes a random token once, keeps it in DATA_DIR/admin-token (0600) and reuses it', async () => {
    const first = await bootstrapAdminToken(t.db, { ADMIN_TOKEN: undefined, DATA_DIR: dir }, true);
    const second = await bootstrapAdminToken(t.db, { ADMIN_TOKEN: undefined, DATA_DIR: dir }, true);
    expect(first?.source).toBe('file');
    expect(first?.token).toMatch(/^pd_[A-Za-z0-9_-]{43}$/);
    expect(second?.token).toBe(first?.token);
    const file = path.join(dir, 'admin-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(first!.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await findTokenRole(t.db, first!.token))?.role).toBe('admin');
  });

  it('with a real DATABASE_URL and no ADMIN_TOKEN, no token is made', async () => {
    expect(await bootstrapAdminToken(t.db, { ADMIN_TOKEN: undefined, DATA_DIR: dir }, false)).toBeNull();
  });
});
