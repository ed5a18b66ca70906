"""Mail: templates rendered to text and HTML, an outbox in the database, delivery by SMTP, a local sink."""
