"""Pure domain layer: entities, value objects and rules. Imports neither Qt nor the database."""
