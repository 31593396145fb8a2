"""Demo content for Rounds: `flask --app forum seed-demo` fills an empty database."""
