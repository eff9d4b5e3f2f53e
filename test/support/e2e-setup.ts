// End-to-end tests start a whole application (migrations, curricula, password hashing): give them time.
jest.setTimeout(30_000);
