"""Team work between registers (issue #14): team identity and cards, colleagues, signed and encrypted bundles.
Pure Python plus `cryptography`'s reviewed primitives; no Qt, no database."""
