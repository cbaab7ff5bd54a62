// Routes: /login, and one screen per role behind it; / goes to the role's screen when logged in.
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { loadSession, homePath } from './net/session';
import { LoginScreen } from './screens/login-screen';
import { RoleRoute } from './screens/role-route';
import { PostScreen } from './screens/post/post-screen';
import { OfficerScreen } from './screens/officer/officer-screen';
import { ConsoleEntry } from './screens/console-entry';
import { NotFound } from './screens/not-found';
import { ReportsRoute } from './reports/reports-shell';
import { ReportScreen } from './reports/report-screen';
import { HistoryScreen } from './reports/history-screen';
import { ReplayScreen } from './reports/replay-screen';
import { AccountsScreen } from './screens/accounts/accounts-screen';

function Home() {
  const session = loadSession();
  return <Navigate to={session ? homePath(session.principal) : '/login'} replace />;
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/" element={<Home />} />
        <Route path="/login" element={<LoginScreen />} />
        <Route path="/console" element={<RoleRoute role="dispatcher" screen={ConsoleEntry} />} />
        <Route path="/post" element={<RoleRoute role="post" screen={PostScreen} />} />
        <Route path="/officer" element={<RoleRoute role="officer" screen={OfficerScreen} />} />
        <Route path="/reports" element={<ReportsRoute roles={['dispatcher', 'post']} screen={ReportScreen} />} />
        <Route path="/history" element={<ReportsRoute roles={['dispatcher', 'post']} screen={HistoryScreen} />} />
        <Route path="/replay" element={<ReportsRoute roles={['dispatcher']} screen={ReplayScreen} />} />
        <Route path="/accounts" element={<AccountsScreen />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </BrowserRouter>
  );
}
