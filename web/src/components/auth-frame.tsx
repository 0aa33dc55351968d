import type { JSX } from "solid-js";
import { Logo } from "./icons";
import type { FormState } from "./form";

/** The page around the signed-out forms (sign in, register, password reset, unsubscribe): the brand aside and one card. */
export function AuthFrame(props: { title: string; subtitle: string; children: JSX.Element; footer: JSX.Element }) {
  return (
    <div class="auth">
      <section class="auth-aside" aria-hidden="true">
        <div class="brand brand-light">
          <Logo />
          <span>Carebeat</span>
        </div>
        <p class="auth-tagline">Records, appointments and care — in one calm place.</p>
        <ul class="auth-points">
          <li>Book visits with the doctor who suits you</li>
          <li>Keep your allergies and conditions up to date</li>
          <li>Every access to a record is audited</li>
        </ul>
      </section>
      <main class="auth-main" id="main">
        <div class="auth-card">
          <h1>{props.title}</h1>
          <p class="muted">{props.subtitle}</p>
          {props.children}
          <p class="auth-footer">{props.footer}</p>
        </div>
      </main>
    </div>
  );
}

/**
 * A form in an AuthFrame: no browser validation (the API's field errors show under the fields),
 * its fields, and one full-width submit button that says what it is doing; `after` follows the button.
 */
export function AuthForm(props: { form: FormState; onSubmit: () => unknown; label?: string; submit: string; busy: string; children: JSX.Element; after?: JSX.Element }) {
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void props.onSubmit();
      }}
      novalidate
      aria-label={props.label}
    >
      {props.children}
      <button class="btn btn-primary btn-block" type="submit" disabled={props.form.busy()}>
        {props.form.busy() ? props.busy : props.submit}
      </button>
      {props.after}
    </form>
  );
}
