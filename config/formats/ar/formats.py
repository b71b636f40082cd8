# Formats for Arabic as written in Morocco (CLDR ar-MA): Western digits, "." groups thousands,
# "," marks decimals. Django's own ar module sets no NUMBER_GROUPING, so 171556 stayed ungrouped;
# the date formats not set here fall back to Django's ar module.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1  # Monday
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
