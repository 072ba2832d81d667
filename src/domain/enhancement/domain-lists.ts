/**
 * Reference lists for email checks. Deliberately short and hand-picked: widely known services only,
 * so a lookup miss means "probably a company domain", never "verified company domain".
 */

/** Throwaway-mail services and the aliases they hand out. */
export const DISPOSABLE_DOMAINS: ReadonlySet<string> = new Set([
  // Mailinator and its public aliases
  "mailinator.com", "mailinator.net", "mailinator2.com", "mailin8r.com", "binkmail.com", "bobmail.info",
  "chammy.info", "devnullmail.com", "letthemeatspam.com", "notmailinator.com", "reallymymail.com",
  "safetymail.info", "sendspamhere.com", "sogetthis.com", "spambooger.com", "spamherelots.com",
  "spamthisplease.com", "streetwisemail.com", "suremail.info", "thisisnotmyrealemail.com",
  "tradermail.info", "veryrealemail.com", "zippymail.info",
  // Guerrilla Mail and its aliases
  "guerrillamail.com", "guerrillamail.net", "guerrillamail.org", "guerrillamail.biz", "guerrillamail.de",
  "guerrillamail.info", "guerrillamailblock.com", "grr.la", "sharklasers.com", "spam4.me", "pokemail.net",
  // YOPmail and its aliases
  "yopmail.com", "yopmail.fr", "yopmail.net", "cool.fr.nf", "jetable.fr.nf", "courriel.fr.nf",
  "moncourrier.fr.nf", "monemail.fr.nf", "monmail.fr.nf", "nospam.ze.tc", "nomail.xl.cx", "speed.1s.fr",
  // Timed inboxes
  "10minutemail.com", "10minutemail.net", "10minutemail.co.uk", "10minutemail.de", "20minutemail.com",
  "10mail.org", "1secmail.com", "1secmail.net", "1secmail.org", "mytemp.email", "mintemail.com",
  "temp-mail.org", "temp-mail.io", "tempmail.net", "tempmailo.com", "tempmail.plus", "tempmailaddress.com",
  "tempail.com", "tempinbox.com", "tempr.email", "tempomail.fr", "tmpmail.org", "tmpmail.net",
  "throwawaymail.com", "emailondeck.com", "mohmal.com", "moakt.com", "mailpoof.com", "crazymailing.com",
  "emailfake.com", "mail7.io", "mailto.plus", "fexpost.com", "fexbox.org", "inboxkitten.com",
  "getairmail.com", "harakirimail.com", "incognitomail.org", "anonbox.net",
  // Trash and forwarding services
  "trashmail.com", "trashmail.net", "trashmail.de", "trashmail.me", "trashmail.io", "trash-mail.com",
  "wegwerfmail.de", "wegwerfmail.net", "spamgourmet.com", "spambox.us", "spamdecoy.net", "spamfree24.org",
  "spamhole.com", "spaml.com", "spamspot.com", "mailnesia.com", "maildrop.cc", "mailcatch.com",
  "mailsac.com", "getnada.com", "nada.email", "dispostable.com", "discard.email", "discardmail.com",
  "fakeinbox.com", "fakemailgenerator.com", "armyspy.com", "cuvox.de", "dayrep.com", "einrot.com",
  "fleckens.hu", "gustr.com", "jourrapide.com", "rhyta.com", "superrito.com", "teleworm.us",
  "burnermail.io", "33mail.com", "mailforspam.com", "mailexpire.com", "deadaddress.com", "mailmetrash.com",
  "meltmail.com", "mailnull.com", "jetable.org", "jetable.com", "link2mail.net", "mailhazard.com",
  "mailtothis.com", "mailzilla.com", "nowmymail.com", "rcpt.at", "0815.ru", "0wnd.net", "0wnd.org",
]);

/** Consumer mailbox providers (webmail and ISPs): an address here is a person, not a company. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com", "googlemail.com",
  "yahoo.com", "yahoo.co.uk", "yahoo.co.in", "yahoo.co.jp", "yahoo.co.id", "yahoo.co.nz", "yahoo.com.au",
  "yahoo.com.br", "yahoo.com.mx", "yahoo.com.ar", "yahoo.com.sg", "yahoo.com.hk", "yahoo.com.tw",
  "yahoo.com.ph", "yahoo.ca", "yahoo.fr", "yahoo.de", "yahoo.es", "yahoo.it", "yahoo.ie", "yahoo.gr",
  "yahoo.se", "yahoo.dk", "yahoo.no", "yahoo.in", "ymail.com", "rocketmail.com",
  "hotmail.com", "hotmail.co.uk", "hotmail.fr", "hotmail.de", "hotmail.it", "hotmail.es", "hotmail.nl",
  "hotmail.be", "hotmail.ca", "hotmail.com.au", "hotmail.com.br", "hotmail.co.jp", "hotmail.se",
  "hotmail.dk", "hotmail.no", "hotmail.gr", "hotmail.ch", "hotmail.com.ar", "hotmail.com.mx",
  "outlook.com", "outlook.fr", "outlook.de", "outlook.es", "outlook.it", "outlook.jp", "outlook.be",
  "outlook.ie", "outlook.com.au", "outlook.com.br",
  "live.com", "live.co.uk", "live.fr", "live.de", "live.it", "live.nl", "live.ca", "live.be", "live.se",
  "live.dk", "live.no", "live.ie", "live.com.au", "live.com.mx", "live.com.ar", "msn.com",
  "aol.com", "aim.com", "icloud.com", "me.com", "mac.com",
  "proton.me", "protonmail.com", "protonmail.ch", "pm.me", "tutanota.com", "tuta.io", "fastmail.com",
  "hushmail.com", "zoho.com", "zohomail.com", "mail.com", "email.com", "usa.com", "inbox.com",
  "gmx.de", "gmx.net", "gmx.com", "gmx.at", "gmx.ch", "gmx.fr", "gmx.us", "gmx.co.uk", "web.de",
  "t-online.de", "freenet.de", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr",
  "libero.it", "virgilio.it", "alice.it", "tiscali.it", "seznam.cz", "wp.pl", "o2.pl", "interia.pl",
  "onet.pl", "btinternet.com", "sky.com", "virginmedia.com", "talktalk.net", "ntlworld.com",
  "yandex.ru", "yandex.com", "yandex.ua", "yandex.by", "yandex.kz", "yandex.com.tr", "ya.ru",
  "mail.ru", "inbox.ru", "list.ru", "bk.ru", "internet.ru", "rambler.ru", "ukr.net",
  "comcast.net", "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "cox.net", "charter.net",
  "earthlink.net", "optonline.net", "juno.com", "shaw.ca", "rogers.com", "sympatico.ca",
  "bigpond.com", "optusnet.com.au", "uol.com.br", "bol.com.br", "terra.com.br", "rediffmail.com",
  "qq.com", "163.com", "126.com", "yeah.net", "sina.com", "sohu.com", "naver.com", "daum.net", "hanmail.net",
]);

/**
 * The providers most people actually type, most popular first: typo suggestions are drawn only from
 * these, because a near-miss of an obscure provider is more likely a real company domain. live.com
 * and msn.com are left out for the same reason: one letter away from them lie love.com, lime.com, mon.com.
 */
export const TYPO_TARGETS: readonly string[] = [
  "gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com",
  "googlemail.com", "yahoo.co.uk", "hotmail.co.uk", "protonmail.com", "comcast.net", "ymail.com",
];

/**
 * Local parts that name a function rather than a person, written without separators: the check
 * strips ".", "-" and "_" first, so "no-reply", "no_reply" and "noreply" are one entry.
 */
export const ROLE_LOCAL_PARTS: ReadonlySet<string> = new Set([
  "admin", "administrator", "root", "sysadmin", "webmaster", "postmaster", "hostmaster", "abuse", "security",
  "info", "information", "contact", "contactus", "hello", "hi", "enquiries", "enquiry", "inquiries", "inquiry",
  "sales", "support", "help", "helpdesk", "service", "customerservice", "customercare", "feedback",
  "noreply", "donotreply", "office", "reception", "team", "staff", "all", "everyone",
  "billing", "accounts", "accounting", "finance", "invoices", "orders", "purchasing",
  "hr", "jobs", "careers", "recruiting", "recruitment",
  "marketing", "press", "media", "pr", "newsletter", "events", "partners", "investors",
  "legal", "privacy", "compliance", "bookings", "reservations",
]);
