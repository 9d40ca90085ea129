"""E-facture in the chat: Créer un compte, Se connecter (forced change of the one-time
password, Mot de passe oublié), the account menu, Consulter mes factures (filters, PDF),
Modifier mon profil. Services: ctx.services.efacture (services.EfactureServices)."""

from conversations.flows.efacture import (
    account_menu,
    forgot_password,
    invoices,
    login,
    password_change,
    profile,
    registration,
)

FLOWS = [registration.FLOW, login.FLOW, password_change.FLOW, password_change.NEW_PASSWORD, forgot_password.FLOW,
         account_menu.FLOW, invoices.FLOW, profile.FLOW]
