"""figures say whether the audit checks them

Revision ID: 31ccc3b61ffc
Revises: db014b156bc6
Create Date: 2026-11-30 21:11:38.694444
"""
from alembic import op
import sqlalchemy as sa


revision = '31ccc3b61ffc'
down_revision = 'db014b156bc6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_audit', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_column('in_audit')
