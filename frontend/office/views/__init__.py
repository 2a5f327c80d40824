"""Back-office pages, one module per concern: account (sign-in), cases, keys, referrals."""
