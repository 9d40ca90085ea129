"""How an invoice row, the active filters and the filter choices read in the chat."""

from datetime import date

from conversations.context import Ctx
from domain.efacture.invoices_view import InvoiceRow, InvoiceView
from domain.invoices import InvoiceFilter
from domain.phone import display_msisdn


def filter_of(form: dict) -> InvoiceFilter:
    """The filter kept in the form as JSON (the échéance as "YYYY-MM-DD")."""
    raw = form.get("filter") or {}
    period = raw.get("period")
    return InvoiceFilter(customer_number=raw.get("customer_number") or None,
                         period=date.fromisoformat(period) if period else None,
                         msisdn=raw.get("msisdn") or None)


def options_for(view: InvoiceView | None, field: str) -> list[tuple[str, str]]:
    """(value kept in the form, label) for each value the account really has."""
    if view is None:
        return []
    if field == "customer_number":
        return [(number, number) for number in view.options.customer_numbers]
    if field == "period":
        return [(period.isoformat(), period.strftime("%m/%Y")) for period in view.options.periods]
    return [(msisdn, display_msisdn(msisdn)) for msisdn in view.options.msisdns]


def describe_filter(ctx: Ctx, chosen: InvoiceFilter) -> str:
    parts = []
    if chosen.customer_number:
        parts.append(ctx.t("efacture.inv_col_customer_number", value=chosen.customer_number))
    if chosen.period:
        parts.append(ctx.t("efacture.inv_col_period", value=ctx.fmt.month(chosen.period)))
    if chosen.msisdn:
        parts.append(ctx.t("efacture.inv_col_msisdn", value=ctx.fmt.msisdn(chosen.msisdn)))
    return ctx.t("efacture.inv_active_filters", filters=" · ".join(parts))


def describe_row(ctx: Ctx, index: int, row: InvoiceRow) -> str:
    status = ctx.t(f"efacture.status_{row.status.value.lower()}")
    msisdn = ctx.fmt.msisdn(row.msisdn) if row.msisdn else "—"
    return "\n".join([
        ctx.t("efacture.inv_row_head", index=index, number=row.number, status=status),
        ctx.t("efacture.inv_col_customer_number", value=row.customer_number) + " · "
        + ctx.t("efacture.inv_col_msisdn", value=msisdn),
        ctx.t("efacture.inv_col_period", value=ctx.fmt.month(row.period)) + " · "
        + ctx.t("efacture.inv_col_due", value=ctx.fmt.day(row.due_date)),
        ctx.t("efacture.inv_col_amount_ht", value=ctx.fmt.money(row.amount_ht)),
    ])
