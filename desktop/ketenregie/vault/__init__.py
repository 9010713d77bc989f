"""Key hierarchy: random data key, key-slot file, KDF, recovery code, OS-keyring device secret."""
