// Renders a real screen in jsdom around a real DispatchClient, as RoleRoute does once logged in.
import { render, type RenderResult } from '@testing-library/react';
import type { ComponentType } from 'react';
import type { Cluster } from '../../shared/cluster';
import type { Principal } from '../../shared/domain';
import { testConfig } from '../../server/config';
import type { DispatchClient } from '../../client/net/dispatch-client';
import { DispatchProvider, type DispatchContextValue } from '../../client/net/react';

export function renderScreen(
  Screen: ComponentType,
  client: DispatchClient,
  principal: Principal,
  cluster: Cluster,
): RenderResult {
  const value: DispatchContextValue = {
    client,
    session: { token: 'in-the-client', expiresAt: Date.now() + 3600_000, principal },
    clusterInfo: { cluster, tileUrl: '', tileAttribution: '', eta: testConfig().eta },
    logout: () => undefined,
  };
  return render(
    <DispatchProvider value={value}>
      <Screen />
    </DispatchProvider>,
  );
}
