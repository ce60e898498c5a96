"""Identity settings: separated admin roles, two-factor login, password ageing, audit log."""
