"""The directory of partners, what the person agreed to share, and referrals."""
