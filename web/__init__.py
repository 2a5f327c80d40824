"""HTTP and session plumbing shared by the public site, the office and the API."""
