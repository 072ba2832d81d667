// Free-mail providers that @activeprospect/freemail (last published years before them) does not
// list, added here until it does: Proton, Tuta and HEY. Keep this short; every entry is a provider
// people sign up to for free or as individuals, checked by hand. An address decided here records
// FREE_MAIL_ADDITIONS_SOURCE as its list.

export const FREE_MAIL_ADDITIONS_SOURCE = "leadedge-free-mail-additions@1";

export const FREE_MAIL_ADDITIONS: ReadonlySet<string> = new Set([
  "proton.me",
  "protonmail.com",
  "protonmail.ch",
  "pm.me",
  "tutanota.com",
  "tutanota.de",
  "tuta.io",
  "tuta.com",
  "hey.com",
]);
