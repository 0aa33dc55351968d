/**
 * The patient emails, per language (docs/notifications.md). What a mail may say is fixed here:
 * the visit's date and time in the doctor's zone (the zone named), the doctor, the clinic and a
 * link to the site — never a diagnosis, a note, an amount owed or an attachment: mail crosses
 * servers the clinic does not control, and a shared inbox is read by others.
 *
 * Links are written with `{{site}}` (Mail.SITE_PLACEHOLDER); the sender fills in the address.
 */
export const LANGUAGES = ["en", "de"] as const;
export type Language = (typeof LANGUAGES)[number];
export const isLanguage = (x: unknown): x is Language => typeof x === "string" && (LANGUAGES as readonly string[]).includes(x);

export type MailKind = "confirmation" | "rescheduled" | "cancelled" | "reminder" | "invoice_issued";

export interface VisitFacts {
  kind: MailKind;
  language: Language;
  patientGiven: string;
  doctorName: string;
  clinicName: string;
  /** IANA zone of the doctor: the visit is where the doctor is. */
  timezone: string;
  startsAt: Date;
  /** The old time, for a reschedule. */
  previousStartsAt?: Date;
  /** Site path the mail links to (`/appointments/apt_…`, `/invoices/inv_…`). */
  path: string;
  /** Site path of the one-click reminder opt-out, for mail that reminders follow. */
  unsubscribePath?: string;
  invoiceNumber?: string | null;
  /** A confirmation says a reminder will follow only when one will. */
  remindersOn?: boolean;
}

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const SITE = "{{site}}";

/** "Monday, 7 December 2026, 10:00 (Europe/Berlin, CET)": date, time and the zone by name. */
export function formatVisitTime(at: Date, timezone: string, language: Language): string {
  const locale = language === "de" ? "de-DE" : "en-GB";
  const day = new Intl.DateTimeFormat(locale, { timeZone: timezone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(at);
  const time = new Intl.DateTimeFormat(locale, { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  const abbr = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value;
  return `${day}, ${time} (${timezone}${abbr && abbr !== timezone ? `, ${abbr}` : ""})`;
}

type Copy = {
  subject: (f: VisitFacts) => string;
  lines: (f: VisitFacts, when: string, was?: string) => string[];
  link: string;
};

const en: Record<MailKind, Copy> = {
  confirmation: {
    subject: (f) => `Your appointment with ${f.doctorName} is booked`,
    lines: (f, when) => [
      `Your appointment with ${f.doctorName} at ${f.clinicName} is booked for ${when}.`,
      ...(f.remindersOn ? ["You will get a reminder by email before the visit."] : []),
    ],
    link: "See or change your appointment",
  },
  rescheduled: {
    subject: (f) => `Your appointment with ${f.doctorName} has a new time`,
    lines: (f, when, was) => [`Your appointment with ${f.doctorName} at ${f.clinicName} has moved to ${when}.`, ...(was ? [`It was ${was}; that time no longer holds.`] : [])],
    link: "See your appointment",
  },
  cancelled: {
    subject: (f) => `Your appointment with ${f.doctorName} is cancelled`,
    lines: (f, when) => [`Your appointment with ${f.doctorName} at ${f.clinicName} on ${when} is cancelled.`, "You can book a new one on the site."],
    link: "Book an appointment",
  },
  reminder: {
    subject: (f) => `Reminder: your appointment with ${f.doctorName}`,
    lines: (f, when) => [`This is a reminder of your appointment with ${f.doctorName} at ${f.clinicName} on ${when}.`, "If you cannot come, please cancel or move it on the site."],
    link: "See or change your appointment",
  },
  invoice_issued: {
    subject: (f) => `Your invoice from ${f.clinicName}`,
    lines: (f, when) => [
      `Your invoice${f.invoiceNumber ? ` ${f.invoiceNumber}` : ""} for the visit with ${f.doctorName} on ${when} is ready.`,
      "Sign in to the site to see and download it.",
    ],
    link: "See your invoice",
  },
};

const de: Record<MailKind, Copy> = {
  confirmation: {
    subject: (f) => `Ihr Termin bei ${f.doctorName} ist gebucht`,
    lines: (f, when) => [
      `Ihr Termin bei ${f.doctorName} in ${f.clinicName} ist gebucht: ${when}.`,
      ...(f.remindersOn ? ["Vor dem Termin erhalten Sie eine Erinnerung per E-Mail."] : []),
    ],
    link: "Termin ansehen oder ändern",
  },
  rescheduled: {
    subject: (f) => `Ihr Termin bei ${f.doctorName} wurde verschoben`,
    lines: (f, when, was) => [
      `Ihr Termin bei ${f.doctorName} in ${f.clinicName} wurde verschoben auf ${when}.`,
      ...(was ? [`Der bisherige Termin (${was}) gilt nicht mehr.`] : []),
    ],
    link: "Termin ansehen",
  },
  cancelled: {
    subject: (f) => `Ihr Termin bei ${f.doctorName} wurde abgesagt`,
    lines: (f, when) => [`Ihr Termin bei ${f.doctorName} in ${f.clinicName} am ${when} wurde abgesagt.`, "Einen neuen Termin können Sie auf der Website buchen."],
    link: "Termin buchen",
  },
  reminder: {
    subject: (f) => `Erinnerung: Ihr Termin bei ${f.doctorName}`,
    lines: (f, when) => [
      `Wir erinnern Sie an Ihren Termin bei ${f.doctorName} in ${f.clinicName} am ${when}.`,
      "Falls Sie nicht kommen können, sagen Sie ihn bitte auf der Website ab oder verschieben Sie ihn.",
    ],
    link: "Termin ansehen oder ändern",
  },
  invoice_issued: {
    subject: (f) => `Ihre Rechnung von ${f.clinicName}`,
    lines: (f, when) => [
      `Ihre Rechnung${f.invoiceNumber ? ` ${f.invoiceNumber}` : ""} für den Besuch bei ${f.doctorName} am ${when} liegt vor.`,
      "Melden Sie sich auf der Website an, um sie anzusehen und herunterzuladen.",
    ],
    link: "Rechnung ansehen",
  },
};

const greeting = { en: (n: string) => `Hello ${n},`, de: (n: string) => `Guten Tag ${n},` };
const optOut = { en: "Stop reminder emails", de: "Keine Erinnerungen mehr per E-Mail" };
const footer = {
  en: (clinic: string) => `${clinic} — this email was sent because of an appointment you hold. Please do not reply to it.`,
  de: (clinic: string) => `${clinic} — Sie erhalten diese E-Mail wegen eines Termins bei uns. Bitte antworten Sie nicht darauf.`,
};

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function render(f: VisitFacts): Rendered {
  const copy = (f.language === "de" ? de : en)[f.kind];
  const when = formatVisitTime(f.startsAt, f.timezone, f.language);
  const was = f.previousStartsAt ? formatVisitTime(f.previousStartsAt, f.timezone, f.language) : undefined;
  const lines = copy.lines(f, when, was);
  const link = `${SITE}${f.path}`;
  const unsubscribe = f.unsubscribePath ? `${SITE}${f.unsubscribePath}` : undefined;
  const text = [
    greeting[f.language](f.patientGiven),
    "",
    ...lines,
    "",
    `${copy.link}: ${link}`,
    ...(unsubscribe ? ["", `${optOut[f.language]}: ${unsubscribe}`] : []),
    "",
    "-- ",
    footer[f.language](f.clinicName),
  ].join("\n");
  const html = `<!doctype html><html lang="${f.language}"><head><meta charset="utf-8"><title>${escape(copy.subject(f))}</title></head>
<body style="font-family: system-ui, sans-serif; color: #1a1a1a; max-width: 36rem; margin: 0 auto; padding: 1rem">
<p>${escape(greeting[f.language](f.patientGiven))}</p>
${lines.map((l) => `<p>${escape(l)}</p>`).join("\n")}
<p><a href="${link}" style="display: inline-block; padding: .5rem 1rem; background: #0b5cad; color: #fff; text-decoration: none; border-radius: 4px">${escape(copy.link)}</a></p>
${unsubscribe ? `<p style="font-size: .85rem"><a href="${unsubscribe}">${escape(optOut[f.language])}</a></p>` : ""}
<hr><p style="font-size: .8rem; color: #555">${escape(footer[f.language](f.clinicName))}</p>
</body></html>`;
  return { subject: copy.subject(f), text, html };
}
