/** The console's frame: the navigation for the signed-in role, the language switch, and one URL per page. */
import { Link, Redirect, Route, Switch, useLocation } from 'wouter';
import { useI18n } from './i18n';
import { useSession } from './session';
import { Loading } from './ui';
import { SignIn } from './pages/SignIn';
import { Dashboard } from './pages/Dashboard';
import { TenantDetail, Tenants } from './pages/Tenants';
import { ContractDetail } from './pages/ContractDetail';
import { BillingRunDetail, BillingRuns } from './pages/BillingRuns';
import { BillDetail, Bills } from './pages/Bills';
import { Payments } from './pages/Payments';
import { Statement } from './pages/Statement';
import { Upcoming } from './pages/Upcoming';
import { CallImport } from './pages/CallImport';
import { IncidentDetail, Incidents } from './pages/Incidents';
import { SeatLog, SeatLogStart } from './pages/SeatLog';
import { AssessmentMonth, MyScorecard, ScorecardDetail } from './pages/Assessment';
import type { MessageKey } from './messages';
import { AuditTrailPage, ExcusePage, ForceMajeurePage, OneOffChargePage, RenewPage, TerminatePage, TransferPage } from './pages/ContractActions';
import { CreditNoteDetail, CreditNotes, IssueCreditNote } from './pages/CreditNotes';
import { ArAging } from './pages/ArAging';
import { CalendarYear } from './pages/CalendarYears';
import { ApiKeys } from './pages/ApiKeys';
import { Contracts } from './pages/Contracts';

const STAFF_NAV: Array<[string, MessageKey]> = [
  ['/', 'nav.dashboard'],
  ['/tenants', 'nav.tenants'],
  ['/billing-runs', 'nav.billingRuns'],
  ['/bills', 'nav.bills'],
  ['/payments', 'nav.payments'],
  ['/calls/import', 'nav.callImport'],
  ['/incidents', 'nav.incidents'],
  ['/credit-notes', 'nav.creditNotes'],
  ['/ar-aging', 'nav.arAging'],
  ['/calendar', 'nav.calendar'],
  ['/api-keys', 'nav.apiKeys'],
];
const TENANT_NAV: Array<[string, MessageKey]> = [
  ['/bills', 'nav.bills'],
  ['/statement', 'nav.statement'],
  ['/payments', 'nav.payments'],
  ['/upcoming', 'nav.upcoming'],
  ['/credit-notes', 'nav.creditNotes'],
];
const SUPERVISOR_NAV: Array<[string, MessageKey]> = [
  ['/seat-log', 'nav.seatLog'],
  ['/assessment', 'nav.assessment'],
];
const AGENT_NAV: Array<[string, MessageKey]> = [['/my-scorecard', 'nav.myScorecard']];
/** Where a role lands (`/`) when it is not staff. */
const HOME: Partial<Record<string, string>> = { tenant_finance: '/bills', tenant_supervisor: '/seat-log', agent: '/my-scorecard' };

export function App() {
  const { t, locale, setLocale } = useI18n();
  const { session, loading, signOut } = useSession();
  const [location] = useLocation();
  const langButton = (
    <button type="button" className="link-button" lang={locale === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLocale(locale === 'zh' ? 'en' : 'zh')}>
      {t('lang.switch')}
    </button>
  );
  if (loading) return <Loading />;
  if (!session) {
    return (
      <>
        <header className="top">
          <span className="brand">{t('app.name')}</span>
          {langButton}
        </header>
        <SignIn />
      </>
    );
  }
  const staff = session.role === 'staff';
  const nav = staff ? STAFF_NAV : session.role === 'tenant_supervisor' ? SUPERVISOR_NAV : session.role === 'agent' ? AGENT_NAV : TENANT_NAV;
  const active = (href: string) => (href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`));
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.label')}>
          {nav.map(([href, key]) => (
            <Link key={href} href={href} aria-current={active(href) ? 'page' : undefined}>
              {t(key)}
            </Link>
          ))}
        </nav>
        <span className="who">{t('nav.signedInAs', { name: session.name, role: t(`role.${session.role}` as MessageKey) })}</span>
        {langButton}
        <button type="button" className="link-button" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </header>
      <Switch>
        <Route path="/bills">{() => <Bills />}</Route>
        <Route path="/bills/:id">{(p) => <BillDetail id={p.id} />}</Route>
        <Route path="/payments">{() => <Payments />}</Route>
        <Route path="/contracts/:id">{(p) => <ContractDetail id={p.id} />}</Route>
        {staff ? <Route path="/">{() => <Dashboard />}</Route> : null}
        {staff ? <Route path="/tenants">{() => <Tenants />}</Route> : null}
        {staff ? <Route path="/tenants/:id">{(p) => <TenantDetail id={p.id} />}</Route> : null}
        {staff ? <Route path="/tenants/:id/statement">{(p) => <Statement tenantId={p.id} />}</Route> : null}
        {staff ? <Route path="/billing-runs">{() => <BillingRuns />}</Route> : null}
        {staff ? <Route path="/billing-runs/:id">{(p) => <BillingRunDetail id={p.id} />}</Route> : null}
        <Route path="/credit-notes">{() => <CreditNotes />}</Route>
        <Route path="/credit-notes/:id">{(p) => <CreditNoteDetail id={p.id} />}</Route>
        {staff ? <Route path="/bills/:id/credit-note">{(p) => <IssueCreditNote billId={p.id} />}</Route> : null}
        {staff ? <Route path="/contracts/:id/force-majeure">{(p) => <ForceMajeurePage id={p.id} />}</Route> : null}
        {staff ? <Route path="/contracts/:id/terminate">{(p) => <TerminatePage id={p.id} />}</Route> : null}
        {staff ? <Route path="/contracts/:id/renew">{(p) => <RenewPage id={p.id} />}</Route> : null}
        {staff ? <Route path="/contracts/:id/transfer">{(p) => <TransferPage id={p.id} />}</Route> : null}
        {staff ? <Route path="/contracts/:id/charges">{(p) => <OneOffChargePage id={p.id} />}</Route> : null}
        {staff ? <Route path="/contracts/:id/seat-orders/:orderId/excuse">{(p) => <ExcusePage id={p.id} orderId={p.orderId} />}</Route> : null}
        {staff ? <Route path="/contracts/:id/audit">{(p) => <AuditTrailPage id={p.id} />}</Route> : null}
        {staff ? <Route path="/ar-aging">{() => <ArAging />}</Route> : null}
        {staff ? <Route path="/calendar">{() => <CalendarYear />}</Route> : null}
        {staff ? <Route path="/calendar/:year">{(p) => <CalendarYear year={p.year} />}</Route> : null}
        {staff ? <Route path="/api-keys">{() => <ApiKeys />}</Route> : null}
        {staff ? <Route path="/contracts">{() => <Contracts />}</Route> : null}
        {!staff && session.tenantId ? <Route path="/statement">{() => <Statement tenantId={session.tenantId!} />}</Route> : null}
        {!staff ? <Route path="/upcoming">{() => <Upcoming />}</Route> : null}
        {!staff ? <Route path="/">{() => <Redirect to={HOME[session.role] ?? '/bills'} />}</Route> : null}
        {staff ? <Route path="/calls/import">{() => <CallImport />}</Route> : null}
        {staff ? <Route path="/incidents">{() => <Incidents />}</Route> : null}
        {staff ? <Route path="/incidents/:id">{(p) => <IncidentDetail id={p.id} />}</Route> : null}
        <Route path="/seat-log">{() => <SeatLogStart />}</Route>
        <Route path="/seat-log/:contractId">{(p) => <SeatLog contractId={p.contractId} />}</Route>
        <Route path="/assessment">{() => <AssessmentMonth />}</Route>
        <Route path="/scorecards/:id">{(p) => <ScorecardDetail id={p.id} />}</Route>
        <Route path="/my-scorecard">{() => <MyScorecard />}</Route>
        <Route>
          {() => (
            <main id="main" className="not-found">
              <h1>{t('common.notFound')}</h1>
              <p>{t('common.notFoundDetail')}</p>
            </main>
          )}
        </Route>
      </Switch>
    </>
  );
}
