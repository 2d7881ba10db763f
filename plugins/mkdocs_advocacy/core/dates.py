"""English month names, for the internal report (the public pages write dates with Babel, in the
site's language: `publish/i18n.py`)."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_ABBR = tuple(name[:3] for name in MONTHS)
