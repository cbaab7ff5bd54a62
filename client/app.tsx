// Routes: /login, and one screen per role behind it; / goes to the role's screen when logged in.
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { loadSession, homePath } from './net/session';
import { LoginScreen } from './screens/login-screen';
import { RoleRoute } from './screens/role-route';
import { PostScreen } from './screens/post/post-screen';
import { OfficerScreen } from './screens/officer/officer-screen';
import { ConsoleEntry } from './screens/console-entry';
import { NotFound } from './screens/not-found';
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
        <Route path="/accounts" element={<AccountsScreen />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </BrowserRouter>
  );
}
