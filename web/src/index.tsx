import { Suspense, lazy } from "solid-js";
import { render } from "solid-js/web";
import { Router, Route } from "@solidjs/router";
import { Shell, Home } from "./components/layout";
import { SignIn, Register } from "./pages/auth";
import { ForgotPassword, ResetPassword } from "./pages/reset-password";
import { Unsubscribe } from "./pages/unsubscribe";
import { MyRecord } from "./pages/me";
import { PatientList, PatientNew, PatientPage } from "./pages/patients";
import { DoctorList, DoctorNew, DoctorPage } from "./pages/doctors";
import { AppointmentList, BookAppointment } from "./pages/appointments";
import { AuditPage } from "./pages/audit";
import { OutboxPage } from "./pages/outbox";
import { AccountsPage } from "./pages/accounts";
import { ChangePassword } from "./pages/password";
import { TwoStepPage } from "./pages/two-step";
import { CalendarFeedPage } from "./pages/calendar-feed";
import { restoreSession } from "./session";
import { Loading } from "./components/async";
import "./styles.css";

function NotFound() {
  return (
    <section class="page">
      <h1>Page not found</h1>
      <p class="muted">
        The address does not match any page. <a href="/">Go to the start page</a>.
      </p>
    </section>
  );
}

/** Pages loaded on first visit, not with the first screen. */
const Calendar = lazy(() => import("./pages/calendar"));
const CalendarRoute = () => (
  <Suspense fallback={<Loading />}>
    <Calendar />
  </Suspense>
);

const Analytics = lazy(() => import("./pages/analytics"));
const AnalyticsRoute = () => (
  <Suspense fallback={<Loading />}>
    <Analytics />
  </Suspense>
);
const InvoiceList = lazy(() => import("./pages/invoices").then((m) => ({ default: m.InvoiceList })));
const InvoicePage = lazy(() => import("./pages/invoice").then((m) => ({ default: m.InvoicePage })));
const lazyPage = (load: () => Promise<{ default: () => ReturnType<typeof Loading> }>) => {
  const Page = lazy(load);
  return () => (
    <Suspense fallback={<Loading />}>
      <Page />
    </Suspense>
  );
};
const PrescriptionsRoute = lazyPage(() => import("./pages/prescriptions").then((m) => ({ default: m.PrescriptionsPage })));
const PrescribeRoute = lazyPage(() => import("./pages/prescribe").then((m) => ({ default: m.PrescribePage })));
const PharmacyRoute = lazyPage(() => import("./pages/pharmacy").then((m) => ({ default: m.PharmacyPage })));
const InvoicesRoute = () => (
  <Suspense fallback={<Loading />}>
    <InvoiceList />
  </Suspense>
);
const InvoiceRoute = () => (
  <Suspense fallback={<Loading />}>
    <InvoicePage />
  </Suspense>
);

void restoreSession();

render(
  () => (
    <Router>
      <Route path="/signin" component={SignIn} />
      <Route path="/register" component={Register} />
      <Route path="/forgot-password" component={ForgotPassword} />
      <Route path="/reset-password" component={ResetPassword} />
      <Route path="/unsubscribe" component={Unsubscribe} />
      <Route path="/" component={Shell}>
        <Route path="/" component={Home} />
        <Route path="/me" component={MyRecord} />
        <Route path="/patients" component={PatientList} />
        <Route path="/patients/new" component={PatientNew} />
        <Route path="/patients/:id" component={PatientPage} />
        <Route path="/doctors" component={DoctorList} />
        <Route path="/doctors/new" component={DoctorNew} />
        <Route path="/doctors/:id" component={DoctorPage} />
        <Route path="/appointments" component={AppointmentList} />
        <Route path="/appointments/book" component={BookAppointment} />
        <Route path="/calendar" component={CalendarRoute} />
        <Route path="/invoices" component={InvoicesRoute} />
        <Route path="/invoices/:id" component={InvoiceRoute} />
        <Route path="/prescriptions" component={PrescriptionsRoute} />
        <Route path="/prescriptions/new" component={PrescribeRoute} />
        <Route path="/pharmacy" component={PharmacyRoute} />
        <Route path="/outbox" component={OutboxPage} />
        <Route path="/analytics" component={AnalyticsRoute} />
        <Route path="/accounts" component={AccountsPage} />
        <Route path="/audit" component={AuditPage} />
        <Route path="/password" component={ChangePassword} />
        <Route path="/two-step" component={TwoStepPage} />
        <Route path="/calendar-feed" component={CalendarFeedPage} />
        <Route path="*" component={NotFound} />
      </Route>
    </Router>
  ),
  document.getElementById("root")!,
);
