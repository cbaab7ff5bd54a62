// Logging out on duty used to leave the officer "available" (and suggested) with no phone behind it.
// Now the officer is asked first: on duty, the choice is "go off duty and log out"; holding an
// assignment, a plain warning that dispatch loses the phone.
import { useT } from '../../i18n';
import { messages } from '../../i18n/messages/officer';

export function LogoutConfirm(props: {
  /** The request number of the assignment the officer holds, if any. */
  holding: number | null;
  onDutyOffAndLogout: () => void;
  onLogout: () => void;
  onStay: () => void;
}) {
  const t = useT(messages);
  const { holding } = props;
  return (
    <section className="logout-confirm card" role="alertdialog" aria-labelledby="logout-confirm-text">
      <p id="logout-confirm-text" className="logout-confirm-text">
        {holding !== null ? t('officer.logoutOnAssignment', { number: holding }) : t('officer.logoutOnDuty')}
      </p>
      {holding === null ? (
        <button type="button" className="btn btn-big btn-primary" onClick={props.onDutyOffAndLogout}>
          {t('officer.logoutOffDutyAndLeave')}
        </button>
      ) : (
        <button type="button" className="btn btn-big btn-danger" onClick={props.onLogout}>
          {t('officer.logoutAnyway')}
        </button>
      )}
      <button type="button" className="btn btn-big btn-ok" autoFocus onClick={props.onStay}>
        {t('officer.logoutStay')}
      </button>
    </section>
  );
}
