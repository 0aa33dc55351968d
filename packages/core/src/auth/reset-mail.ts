/**
 * The password-reset email, in the languages the site speaks (en, de). It names no patient data
 * and no account details beyond what the reader already knows (their own address received it);
 * the link carries the token in the fragment (`#token=`), which browsers never send to a server
 * or put in a Referer, so it reaches no access log. `{{site}}` is filled in by the sender.
 */
export const RESET_LOCALES = ["en", "de"] as const;
export type ResetLocale = (typeof RESET_LOCALES)[number];

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const copy = {
  en: {
    subject: "Reset your Carebeat password",
    intro: "Someone — hopefully you — asked to reset the password of your Carebeat account.",
    action: "Choose a new password",
    expiry: (m: number) => `The link works once, for ${m} minutes.`,
    ignore: "If you did not ask for this, ignore this email: your password stays as it is.",
  },
  de: {
    subject: "Ihr Carebeat-Passwort zurücksetzen",
    intro: "Jemand – hoffentlich Sie – hat das Zurücksetzen des Passworts Ihres Carebeat-Kontos angefordert.",
    action: "Neues Passwort wählen",
    expiry: (m: number) => `Der Link funktioniert einmal, ${m} Minuten lang.`,
    ignore: "Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.",
  },
} satisfies Record<ResetLocale, unknown>;

export function resetMail(locale: ResetLocale, token: string, minutes: number) {
  const c = copy[locale];
  const link = `{{site}}/reset-password#token=${encodeURIComponent(token)}`;
  return {
    subject: c.subject,
    text: `${c.intro}\n\n${c.action}:\n${link}\n\n${c.expiry(minutes)}\n${c.ignore}\n`,
    html: `<!doctype html><html lang="${locale}"><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>${escape(c.intro)}</p>
<p><a href="${escape(link)}" style="display:inline-block;padding:10px 16px;background:#0f766e;color:#fff;border-radius:6px;text-decoration:none">${escape(c.action)}</a></p>
<p>${escape(c.expiry(minutes))}<br>${escape(c.ignore)}</p>
</body></html>`,
  };
}
