"""The reporter's side: report form, receipt, receipt login and status."""
