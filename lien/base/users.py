"""Who acts, as the apps below the accounts app see it: Django's own user types. (The
accounts app, above them, defines the agent's account and its narrower `Actor`.)"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

AnyUser = AbstractBaseUser | AnonymousUser
