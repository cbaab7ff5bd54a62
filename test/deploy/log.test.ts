// The structured log: one JSON object per line with the fields given, and secrets redacted wherever a
// caller put them (top level or one level down), so a careless log call cannot leak a token.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log';

function capture(pretty: boolean) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { logger: createLogger({ level: 'info', pretty, destination: stream }), text: () => text };
}

describe('server/log', () => {
  it('writes JSON lines with a command id and redacts tokens and passwords', () => {
    const { logger, text } = capture(false);
    logger.warn(
      {
        commandId: 'c-123',
        token: 'eyJ.secret.token',
        password: 'hunter22',
        auth: { token: 'nested-token' },
        req: { headers: { authorization: 'Bearer abc' } },
      },
      'refused',
    );
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 40, msg: 'refused', commandId: 'c-123', token: '[redacted]' });
    expect(text()).not.toMatch(/eyJ\.secret|hunter22|nested-token|Bearer abc/);
  });

  it('prints human-readable lines in demo mode', () => {
    const { logger, text } = capture(true);
    logger.info({ token: 'eyJ.secret.token' }, 'Giáp Ranh Dispatch: http://localhost:8080');
    expect(text()).toContain('Giáp Ranh Dispatch: http://localhost:8080');
    expect(text()).not.toMatch(/^\{/);
    expect(text()).not.toContain('eyJ.secret');
  });
});
