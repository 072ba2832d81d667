import { randomBase62, sha256Hex } from "./crypto";

export type KeyMode = "live" | "test";

const KEY_PATTERN = /^lk_(live|test)_[0-9A-Za-z]{32}$/;
const PREFIX_LENGTH = 12;

/** A new key: the plaintext (shown once), the hash that is stored, and the visible prefix. */
export async function generateApiKey(mode: KeyMode): Promise<{ key: string; keyHash: string; prefix: string }> {
  const key = `lk_${mode}_${randomBase62(32)}`;
  return { key, keyHash: await sha256Hex(key), prefix: key.slice(0, PREFIX_LENGTH) };
}

export function looksLikeApiKey(token: string): boolean {
  return KEY_PATTERN.test(token);
}

export const hashApiKey = sha256Hex;
