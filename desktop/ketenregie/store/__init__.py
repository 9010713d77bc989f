"""SQLCipher storage: connection, numbered migrations, repositories, audit log. The only place with SQL."""
