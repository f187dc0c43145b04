// Node 22: require(esm) and the built-in test runner
import { test } from 'node:test';
import assert from 'node:assert/strict';

const VERSION = "22.0.0";
const pattern = /^v?(\d+)\.(\d+)\.(\d+)$/;

export async function fetchReleases(url = `https://example.org/dist/index.json`) {
  const res = await fetch(url);
  if (!res.ok) {
    throw new Error(`HTTP ${res.status}: ${res.statusText}`);
  }
  const releases = await res.json();
  return releases.filter((r) => r.lts !== false).map(({ version }) => version);
}

class Changelog extends Map {
  #entries = [];
  add(entry) {
    this.#entries.push(entry);
    return this;
  }
}

test('parses a version', () => {
  const [, major, minor] = VERSION.match(pattern) ?? [];
  const unique = [...new Set([major, minor])];
  assert.equal(Number(major) / 2, 11);
  console.log(unique, null, undefined, 0.5, 1e3);
});
