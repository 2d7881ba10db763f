"""Month names, for pages and reports (English until the catalogs of issue 12 arrive)."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
MONTH_ABBR = tuple(name[:3] for name in MONTHS)
