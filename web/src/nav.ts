import type { Role } from "./api/client";

export interface NavItem {
  href: string;
  label: string;
  icon: string;
}

const section = {
  me: { href: "/me", label: "My record", icon: "record" },
  appointments: { href: "/appointments", label: "Appointments", icon: "calendar" },
  calendar: { href: "/calendar", label: "Calendar", icon: "grid" },
  invoices: { href: "/invoices", label: "Invoices", icon: "receipt" },
  prescriptions: { href: "/prescriptions", label: "Prescriptions", icon: "receipt" },
  pharmacy: { href: "/pharmacy", label: "Pharmacy queue", icon: "receipt" },
  analytics: { href: "/analytics", label: "Analytics", icon: "chart" },
  patients: { href: "/patients", label: "Patients", icon: "people" },
  doctors: { href: "/doctors", label: "Doctors", icon: "stethoscope" },
  accounts: { href: "/accounts", label: "Accounts", icon: "key" },
  audit: { href: "/audit", label: "Audit log", icon: "shield" },
  outbox: { href: "/outbox", label: "Outbox", icon: "receipt" },
  calendarFeed: { href: "/calendar-feed", label: "Calendar feed", icon: "calendar" },
} satisfies Record<string, NavItem>;

/**
 * The navigation: the sections each role may open (docs/web.md), in the order the sidebar shows
 * them. The first is the role's home. A new page adds its section here for every role that sees it.
 */
const sections: Record<Role, NavItem[]> = {
  patient: [
    section.me,
    { ...section.appointments, label: "My appointments" },
    { ...section.invoices, label: "My invoices" },
    { ...section.prescriptions, label: "My prescriptions" },
    section.calendarFeed,
  ],
  doctor: [section.appointments, section.calendar, section.prescriptions, section.analytics, section.patients, section.doctors, section.calendarFeed],
  pharmacist: [section.pharmacy],
  staff: [section.patients, section.appointments, section.calendar, section.invoices, section.prescriptions, section.analytics, section.doctors],
  admin: [
    section.patients,
    section.appointments,
    section.calendar,
    section.invoices,
    section.prescriptions,
    section.pharmacy,
    section.analytics,
    section.doctors,
    section.accounts,
    section.audit,
    section.outbox,
  ],
};

export function sectionsFor(role: Role): NavItem[] {
  return sections[role];
}

/** Where a role lands after sign-in. */
export function homeFor(role: Role) {
  return sections[role][0].href;
}
