// Validates MapLibre style documents with @maplibre/maplibre-gl-style-spec (package.json, pinned), the
// validator MapLibre itself and QGIS's style converter follow. Usage: node scripts/validate_map_style.mjs FILE…
// Prints one JSON array of {file, line, message} per error; exits 1 when there is any.
import { readFileSync } from "node:fs";
import { validateStyleMin } from "@maplibre/maplibre-gl-style-spec";

const errors = [];
for (const file of process.argv.slice(2)) {
  const style = JSON.parse(readFileSync(file, "utf8"));
  for (const error of validateStyleMin(style)) {
    errors.push({ file, line: error.line ?? null, message: error.message });
  }
}
console.log(JSON.stringify(errors));
process.exit(errors.length ? 1 : 0);
