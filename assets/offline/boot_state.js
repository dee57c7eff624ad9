// Notes on the phone what the next page load needs to ask for its state before its scripts have run: this
// build's state hashes and schema, under the build's name (the React Router manifest's hashed file).
// early_socket.js reads them from the <head> of the next page of the same build and sends Reflex's hydrate
// itself as soon as the socket opens; a page of another build finds no match and hydrates the ordinary way.
import { initialStateHashes, stateSchema } from "$/utils/context";

export const BOOT_KEY = "ce-boot:v1";

export function rememberBootState() {
  try {
    const build = document.querySelector('link[rel="modulepreload"][href*="/assets/manifest-"]')?.getAttribute("href");
    if (!build) return;
    const noted = JSON.parse(localStorage.getItem(BOOT_KEY) || "null");
    if (noted && noted.build === build && noted.schema === stateSchema
        && JSON.stringify(noted.hashes) === JSON.stringify(initialStateHashes)) return;
    localStorage.setItem(BOOT_KEY, JSON.stringify({ build, hashes: initialStateHashes, schema: stateSchema }));
  } catch {
    // storage refused (private mode, quota): every page load hydrates the ordinary way
  }
}
