"""The numbered migrations themselves: contiguous numbers, every script splits into complete statements."""
from ketenregie.store.migrate import all_migrations


def test_migrations_are_numbered_without_gaps():
    numbers = [m.number for m in all_migrations()]
    assert numbers == list(range(1, len(numbers) + 1))


def test_every_migration_splits_into_complete_statements():
    for migration in all_migrations():
        assert migration.statements(), migration.name
