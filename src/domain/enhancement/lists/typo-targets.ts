/**
 * The providers most people actually type, most popular first: typo suggestions are drawn only from
 * these, because a near-miss of an obscure provider is more likely a real company domain. live.com
 * and msn.com are left out for the same reason: one letter away from them lie love.com, lime.com, mon.com.
 */
export const TYPO_TARGETS: readonly string[] = [
  "gmail.com",
  "yahoo.com",
  "hotmail.com",
  "outlook.com",
  "icloud.com",
  "aol.com",
  "googlemail.com",
  "yahoo.co.uk",
  "hotmail.co.uk",
  "protonmail.com",
  "comcast.net",
  "ymail.com",
];
