"""Aid committees: sessions, their agenda and the decisions taken in session."""
