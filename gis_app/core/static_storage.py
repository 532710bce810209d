"""Production's static files storage: WhiteNoise's hashed, compressed files, with the `import … from "./x.js"` of
the ES module scripts (web/map.js and the pages importing it) rewritten to the hashed names too, so that a module
and what it imports are cached (and kept offline) as one version."""
from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
