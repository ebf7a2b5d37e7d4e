"""Django's JSON serialisation, with times kept to the microsecond.

Django's own JSON encoder cuts datetimes and times to the millisecond: a backup restored
through it would move every timestamp (and the order of events recorded within the same
millisecond). Registered under the name "json" (settings.SERIALIZATION_MODULES), so that
`dumpdata`, `loaddata` and the backup all write what the database holds.
"""

import datetime
from typing import Any

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time) and o.utcoffset() is None:
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def start_serialization(self) -> None:
        super().start_serialization()
        if "cls" not in self.options:
            self.json_kwargs["cls"] = ExactJSONEncoder


Deserializer = django_json.Deserializer
