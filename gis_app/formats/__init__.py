"""Per-language format modules (settings.FORMAT_MODULE_PATH): dd/mm/yyyy in Vietnamese and English."""
