"""The billing domain: lines, e-facture accounts, invoices, payments and receipts.

Standard library only. Use cases take their collaborators (ports) and the current time as
arguments, so every rule here can be tested without a database, a network or a real clock.
"""
