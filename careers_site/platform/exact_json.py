"""JSON serialisation that keeps every microsecond, for backups.

Django's JSON encoder cuts datetimes to milliseconds, so a backup would not bring back the
exact value of a timestamp. Registered as the "json-exact" format (SERIALIZATION_MODULES); the
files it writes are plain JSON that `loaddata` reads back with the standard deserialiser."""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder  # noqa: F401
from django.core.serializers.json import Serializer as JSONSerializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options["cls"] = ExactJSONEncoder
        super()._init_options()
