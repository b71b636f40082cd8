"""django-allauth configuration, imported by config.settings.

People sign up and log in with an email address OR a Moroccan mobile number. allauth's checks
require "email*" when email verification is mandatory; our SignupForm (forms.SignupForm) makes
the email optional and requires one of the two, and the adapter skips the email verification
stage for phone-only accounts (they are confirmed by SMS code instead).
"""

ACCOUNT_ADAPTER = "tadafur.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "tadafur.accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "phone", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_SUPPORTS_RESEND = True
# allauth 65 resets passwords by email only; a phone-only account signs in by an SMS code and
# then sets a new password (account_change_password). See docs in templates/account/password_reset.html.
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_REQUIRED = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tadafur"
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Codes sent by SMS are six digits: easy to type on any phone keypad.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
