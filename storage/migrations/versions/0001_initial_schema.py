"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('service', sa.String(length=10), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('temporary_password_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts'))
    )
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.create_index('ix_accounts_login', ['login'], unique=True)

    op.create_table('attempts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('key', sa.String(length=255), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attempts'))
    )
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.create_index('ix_attempts_key_at', ['key', 'at'], unique=False)

    op.create_table('conversations',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('flow', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=64), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_conversations'))
    )
    op.create_table('inbound_messages',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('message_id', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', 'message_id', name=op.f('pk_inbound_messages'))
    )
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.create_index('ix_inbound_messages_at', ['at'], unique=False)

    op.create_table('lines',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('customer_number', sa.String(length=12), nullable=False),
    sa.Column('service', sa.String(length=10), nullable=False),
    sa.Column('segment', sa.String(length=14), nullable=False),
    sa.Column('holder_name', sa.String(length=120), nullable=False),
    sa.Column('activation_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('payment_code', sa.String(length=16), nullable=False),
    sa.Column('msisdn', sa.String(length=10), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('language', sa.String(length=2), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lines'))
    )
    with op.batch_alter_table('lines', schema=None) as batch_op:
        batch_op.create_index('ix_lines_customer_number', ['customer_number'], unique=False)
        batch_op.create_index('ix_lines_msisdn', ['msisdn'], unique=True)

    op.create_table('outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('headers', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox'))
    )
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.create_index('ix_outbox_sent_at_next_attempt_at', ['sent_at', 'next_attempt_at'], unique=False)

    op.create_table('payments',
    sa.Column('order_id', sa.String(length=64), nullable=False),
    sa.Column('total_cents', sa.BigInteger(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('conversation_key', sa.String(length=128), nullable=True),
    sa.Column('msisdn', sa.String(length=10), nullable=True),
    sa.Column('customer_number', sa.String(length=12), nullable=True),
    sa.Column('transaction_id', sa.String(length=64), nullable=True),
    sa.Column('authorization_code', sa.String(length=32), nullable=True),
    sa.Column('masked_card', sa.String(length=32), nullable=True),
    sa.Column('return_code', sa.String(length=8), nullable=True),
    sa.Column('settled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('receipt_token', sa.String(length=128), nullable=True),
    sa.PrimaryKeyConstraint('order_id', name=op.f('pk_payments'))
    )
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.create_index('ix_payments_receipt_token', ['receipt_token'], unique=True)

    op.create_table('account_lines',
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('line_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_account_lines_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['line_id'], ['lines.id'], name=op.f('fk_account_lines_line_id_lines')),
    sa.PrimaryKeyConstraint('account_id', 'line_id', name=op.f('pk_account_lines'))
    )
    with op.batch_alter_table('account_lines', schema=None) as batch_op:
        batch_op.create_index('ix_account_lines_line_id', ['line_id'], unique=False)

    op.create_table('invoices',
    sa.Column('number', sa.String(length=16), nullable=False),
    sa.Column('customer_number', sa.String(length=12), nullable=False),
    sa.Column('msisdn', sa.String(length=10), nullable=True),
    sa.Column('line_id', sa.Integer(), nullable=True),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount_ht_cents', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('payment_reference', sa.String(length=64), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['line_id'], ['lines.id'], name=op.f('fk_invoices_line_id_lines')),
    sa.PrimaryKeyConstraint('number', name=op.f('pk_invoices'))
    )
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.create_index('ix_invoices_customer_number_period', ['customer_number', 'period'], unique=False)
        batch_op.create_index('ix_invoices_line_id_period', ['line_id', 'period'], unique=False)
        batch_op.create_index('ix_invoices_msisdn_period', ['msisdn', 'period'], unique=False)

    op.create_table('payment_invoices',
    sa.Column('order_id', sa.String(length=64), nullable=False),
    sa.Column('invoice_number', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['payments.order_id'], name=op.f('fk_payment_invoices_order_id_payments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('order_id', 'invoice_number', name=op.f('pk_payment_invoices'))
    )
    with op.batch_alter_table('payment_invoices', schema=None) as batch_op:
        batch_op.create_index('ix_payment_invoices_invoice_number', ['invoice_number'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('payment_invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_invoices_invoice_number')

    op.drop_table('payment_invoices')
    with op.batch_alter_table('invoices', schema=None) as batch_op:
        batch_op.drop_index('ix_invoices_msisdn_period')
        batch_op.drop_index('ix_invoices_line_id_period')
        batch_op.drop_index('ix_invoices_customer_number_period')

    op.drop_table('invoices')
    with op.batch_alter_table('account_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_account_lines_line_id')

    op.drop_table('account_lines')
    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.drop_index('ix_payments_receipt_token')

    op.drop_table('payments')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_sent_at_next_attempt_at')

    op.drop_table('outbox')
    with op.batch_alter_table('lines', schema=None) as batch_op:
        batch_op.drop_index('ix_lines_msisdn')
        batch_op.drop_index('ix_lines_customer_number')

    op.drop_table('lines')
    with op.batch_alter_table('inbound_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_inbound_messages_at')

    op.drop_table('inbound_messages')
    op.drop_table('conversations')
    with op.batch_alter_table('attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_attempts_key_at')

    op.drop_table('attempts')
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_index('ix_accounts_login')

    op.drop_table('accounts')
