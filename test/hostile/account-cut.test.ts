// A disabled account or a password reset ends that account's open sockets at once (not at its next
// command), and cutAccountSockets ends them on request; other accounts carry on. Real roster file,
// real authenticator, real sockets; the disable goes through the roster CLI as an operator would.
import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cutAccountSockets } from '../../server/account-sessions';
import { createAuthenticator } from '../../server/auth/authenticator';
import { hashPassword } from '../../server/auth/passwords';
import { Roster } from '../../server/auth/roster';
import type { Principal } from '../../shared/domain';
import { PROTOCOL_VERSION } from '../../shared/protocol';
import { makeTempDir, removeDirs, runRosterCli } from '../accounts/helpers';
import { seedCluster } from '../support/cluster-fixture';
import { connectAs, expectConnectError, openSocket, type TestClient } from '../support/test-client';
import { startTestServer, type TestServer } from '../support/test-server';

const PASSWORD = 'mat-khau-dai-1';

describe('ending an account’s sessions', () => {
  const dirs: string[] = [];
  let t: TestServer | null = null;
  afterEach(async () => {
    await t?.stop();
    t = null;
    await removeDirs(dirs);
  });

  async function start() {
    const dir = await makeTempDir('cut');
    dirs.push(dir);
    const cluster = seedCluster;
    const roster = Roster.open(dir, cluster);
    const passwordHash = await hashPassword(PASSWORD);
    roster.add({ username: 'post-ky-phu', role: 'post', commune: 'ky-phu', passwordHash });
    roster.add({ username: 'truc-ban', role: 'dispatcher', passwordHash });
    const secret = crypto.randomBytes(32).toString('hex');
    const auth = createAuthenticator({ roster, secret, ttlMs: 3600_000, clock: { now: () => Date.now() } });
    t = await startTestServer({ testAuth: { auth, tokenFor: () => '' } });
    const login = async (username: string): Promise<{ client: TestClient; token: string }> => {
      const result = await auth.login(username, PASSWORD);
      if (!result.ok) throw new Error(result.message);
      const client = await connectAs(t!, result.principal as Principal, { token: result.token });
      return { client, token: result.token };
    };
    return { dir, roster, login };
  }

  const disconnected = (client: TestClient) =>
    new Promise<string>((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)));

  it('disabling an account with the roster CLI cuts both its sockets; the next handshake is refused', async () => {
    const { dir, login } = await start();
    const phone = await login('post-ky-phu');
    const pc = await login('post-ky-phu');
    const dispatcher = await login('truc-ban');
    const cut = [disconnected(phone.client), disconnected(pc.client)];
    const cli = await runRosterCli(dir, ['disable', '--username', 'post-ky-phu']);
    expect(cli.code).toBe(0);
    expect(await Promise.all(cut)).toEqual(['io server disconnect', 'io server disconnect']);
    const again = openSocket(t!.url, { token: phone.token, protocol: PROTOCOL_VERSION });
    expect(await expectConnectError(again)).toMatchObject({ code: 'unauthenticated', message: 'account disabled' });
    again.close();
    expect(dispatcher.client.socket.connected).toBe(true);
    expect(await dispatcher.client.sync(0)).toMatchObject({ ok: true });
    dispatcher.client.close();
  });

  it('a password reset cuts the account’s sockets at once', async () => {
    const { roster, login } = await start();
    const post = await login('post-ky-phu');
    const cut = disconnected(post.client);
    roster.setPasswordHash('post-ky-phu', await hashPassword('mat-khau-moi-2'));
    expect(await cut).toBe('io server disconnect');
  });

  it('cutAccountSockets ends every socket of that account and no other', async () => {
    const { login } = await start();
    const post = await login('post-ky-phu');
    const dispatcher = await login('truc-ban');
    const cut = disconnected(post.client);
    cutAccountSockets(t!.server.io, 'post-ky-phu', 'test');
    expect(await cut).toBe('io server disconnect');
    expect(await dispatcher.client.sync(0)).toMatchObject({ ok: true });
    dispatcher.client.close();
  });
});
