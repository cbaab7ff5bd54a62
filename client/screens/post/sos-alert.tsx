// A commune post is alerted to an SOS of its own officers and of the neighbouring communes' (the server
// sends it those): a red banner that stays while the SOS is open, and a siren when it comes in.
import { Siren } from 'lucide-react';
import '../../styles/sos.css';
import { useEffect } from 'react';
import { communeById, officerById, type Cluster } from '../../../shared/cluster';
import type { DispatchState } from '../../../shared/domain';
import { openSosRequests } from '../../../shared/sos';
import { beep } from '../../components/alert-sound';
import { useFormat, useT } from '../../i18n';
import { messages } from '../../i18n/messages/sos';
import type { DispatchClient } from '../../net/dispatch-client';

export function SosAlert({
  client,
  cluster,
  state,
}: {
  client: DispatchClient;
  cluster: Cluster;
  state: DispatchState;
}) {
  const t = useT(messages);
  const format = useFormat();
  useEffect(
    () =>
      client.onEvent((event, { live }) => {
        if (live && (event.type === 'officer:sos_raised' || event.type === 'officer:sos_lost_contact')) beep(6, 1320);
      }),
    [client],
  );
  const open = openSosRequests(state);
  if (open.length === 0) return null;
  return (
    <div className="post-sos-alert" role="alert" data-testid="post-sos-alert">
      {open.map((r) => {
        const sos = r.sos;
        if (!sos) return null;
        const callsign = officerById(cluster, sos.officerId)?.callsign ?? sos.officerId;
        const commune = communeById(cluster, r.commune)?.name ?? r.commune;
        return (
          <section key={r.id} className="sos-card sos-countdown">
            <h2>
              <Siren aria-hidden="true" focusable="false" className="sos-icon" />{' '}
              {t('sos.postAlert', { callsign, commune })}
            </h2>
            <p>{t('sos.postAlertHint', { time: format.time(sos.raisedAt, { seconds: true }) })}</p>
            {sos.lostContactSince !== null && (
              <p>{t('sos.postLostContact', { time: format.time(sos.lostContactSince, { seconds: true }) })}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
