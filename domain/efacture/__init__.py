"""E-facture use cases: Créer un compte, Accès au compte, Mot de passe oublié, Modifier votre
profil, Consulter mes factures.

Every use case takes its ports (a UnitOfWork it opens and commits itself, a PasswordHasher,
NotificationTexts) and `now` explicitly. Refusals are `domain.errors.Refused` with a stable
`reason` key (and `details`); those that point at one field the user can type again are
`InvalidField` (also a Refused) with `field`. Texts live in conversations/texts/<lang>/efacture.yaml
under "efacture.<reason>".

Reason keys and details:
  registration      not_found, entreprise, activated_this_month(available_from: date),
                    already_registered, too_many_attempts, login_taken*, msisdn_invalid*,
                    msisdn_not_mobile*, msisdn_not_fixe*, customer_number_invalid*,
                    payment_code_invalid*, email_invalid*, email_mismatch*
  login rules       login_length*(min, max), login_characters*, login_must_start_with_letter*,
                    login_unchanged* (profile)
  log in            bad_credentials, locked(until: aware UTC datetime; every login locks
                    alike, see login_failures.py), temporary_password_expired
  password change   old_password_wrong*, locked(until), temporary_password_expired,
                    password_too_short*(min), password_too_long*(max),
                    password_needs_letter_and_digit*, password_same_as_login*,
                    password_same_as_old*, password_confirmation_mismatch*
  email change      email_invalid*, email_unchanged*, email_change_too_many, email_code_expired,
                    email_code_too_many_tries(pending), email_code_wrong*(tries_left, pending)
  invoices          invoice_not_found
  (* = InvalidField; its `field` says what to ask again: line_identifier, customer_number,
   login, email, email_confirmation, old_password, new_password, confirmation, code,
   payment_code)

Entry points: registration.{parse_line_identifier, parse_invoice_customer_number,
check_eligibility, check_login_available, register}; proofs.{needs_payment_code,
parse_payment_code, typed_code} (the code de paiement of Fixe and Internet is passed as a
CodeCheck predicate, so a flow never keeps it); identity.{parse_login, parse_email,
confirm_email, captcha_matches}; login.Authenticator(hasher).log_in; passwords.{change_password,
check_password_policy, check_new_password} and, for a conversation asking one field at a time,
passwords.{verify_current_password, check_replacement, replace_password};
throttle.{take_attempt, take_login_check} (tries per conversation, login checks for everybody);
reset.request_password_reset;
profile.{change_login, start_email_change, confirm_email_change}; invoices_view.{show_invoices,
with_choice, cleared, invoice_for_pdf}.

Mot de passe oublié returns nothing and raises nothing on purpose (see reset.py).
"""
