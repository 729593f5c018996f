// Collision keys for 撞单分析 (duplicate analysis): the same person or company typed by different
// people, from different sources, compares equal once normalized. Pure; the server stores these
// keys on leads, partners and contacts on every write and matches on them with plain equality.

/** Free mail providers: a shared domain says nothing about which company someone works for. */
export const PUBLIC_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'qq.com',
  'vip.qq.com',
  'foxmail.com',
  '163.com',
  'vip.163.com',
  '126.com',
  'yeah.net',
  '188.com',
  'sina.com',
  'sina.cn',
  'vip.sina.com',
  'sohu.com',
  'aliyun.com',
  '139.com',
  '189.cn',
  'wo.cn',
  '21cn.com',
  'tom.com',
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'yahoo.com.cn',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.ru',
  'yandex.com',
]);

/** Trimmed and lower-cased; null unless it looks like an address (something@domain). */
export function normalizeEmail(email: string | null | undefined): string | null {
  const e = (email ?? '').trim().toLowerCase();
  const at = e.lastIndexOf('@');
  return at > 0 && at < e.length - 1 ? e : null;
}

/** The part after the @ of a normalized address, or null. */
export function emailDomain(email: string | null | undefined): string | null {
  const e = normalizeEmail(email);
  return e ? e.slice(e.lastIndexOf('@') + 1) : null;
}

/** The company's own mail domain, or null for public mail providers and unusable input. */
export function companyDomain(email: string | null | undefined): string | null {
  const d = emailDomain(email);
  return d && !PUBLIC_MAIL_DOMAINS.has(d) ? d : null;
}

/** The host of a website ("https://www.acme.cn/about" → "acme.cn"), so it can match mail domains. */
export function websiteDomain(url: string | null | undefined): string | null {
  const raw = (url ?? '').trim().toLowerCase();
  if (!raw) return null;
  const host = raw
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .split(/[/?#:]/)[0]!
    .replace(/^www\./, '');
  return host.includes('.') && !PUBLIC_MAIL_DOMAINS.has(host) ? host : null;
}

// Shorter numbers (extensions, service codes such as 110 or 10086) would collide by accident.
const MIN_PHONE_DIGITS = 7;

/**
 * Digits only, in the national form: a +86 / 0086 country code and the trunk 0 of an area code
 * are dropped, so "+86 21 5555 0101", "021-5555-0101" and "2155550101" are equal, as are
 * "+86 138 1234 5678" and "13812345678". An extension ("转 12", "ext. 12", "x12") is ignored.
 * Other countries keep their country code digits ("+1 415 …" → "1415…"). Null when fewer than
 * seven digits remain.
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  const raw = (phone ?? '').normalize('NFKC').trim();
  const main = raw.split(/ext\.?|extension|转|分机|[x#]/i)[0]!;
  let digits = main.replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (main.startsWith('+')) {
    if (!digits.startsWith('86')) return digits.length >= MIN_PHONE_DIGITS ? digits : null;
    digits = digits.slice(2);
  } else if (/^861\d{10}$/.test(digits)) digits = digits.slice(2); // a mobile written 86138…
  if (digits.startsWith('0')) digits = digits.slice(1);
  return digits.length >= MIN_PHONE_DIGITS ? digits : null;
}

// Legal forms, longest first; stripped from the end repeatedly ("集团有限公司" → "集团" → "").
const CJK_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限責任公司',
  '有限公司',
  '股份公司',
  '集团',
  '集團',
  '公司',
];
// English (and common European) forms, compared as whole trailing words after dots are removed.
const LATIN_SUFFIXES = new Set([
  'co',
  'coltd',
  'company',
  'ltd',
  'limited',
  'inc',
  'incorporated',
  'llc',
  'llp',
  'plc',
  'corp',
  'corporation',
  'gmbh',
  'ag',
  'kg',
  'pty',
  'bv',
  'nv',
  'sa',
  'sarl',
  'srl',
  'spa',
  'ab',
  'oy',
  'kk',
  'group',
  'holdings',
]);
// A bracketed place is a registration qualifier, not the name: "西门子(中国)有限公司",
// "Acme (Shanghai) Co., Ltd.". Only these are dropped; other bracketed text stays.
const BRACKETED_PLACES = new Set([
  '中国',
  'china',
  'prc',
  '北京',
  'beijing',
  '上海',
  'shanghai',
  '天津',
  'tianjin',
  '重庆',
  'chongqing',
  '广州',
  'guangzhou',
  '深圳',
  'shenzhen',
  '杭州',
  'hangzhou',
  '苏州',
  'suzhou',
  '南京',
  'nanjing',
  '武汉',
  'wuhan',
  '成都',
  'chengdu',
  '西安',
  "xi'an",
  'xian',
  '香港',
  'hong kong',
  'hongkong',
  '台湾',
  'taiwan',
  '澳门',
  'macau',
  '亚太',
  'asia pacific',
]);

/**
 * The distinctive part of a company name: NFKC (full-width → half-width), lower case, bracketed
 * place qualifiers removed, punctuation and spaces removed, and trailing legal forms stripped
 * ("上海华信科技有限公司" → "上海华信科技", "Acme Co., Ltd." → "acme"). A leading city or province
 * is deliberately kept: it is often the name itself (上海银行 and 北京银行 are different banks), so
 * stripping it would report collisions between unrelated companies. Null when nothing is left.
 */
export function normalizeCompany(name: string | null | undefined): string | null {
  let s = (name ?? '').normalize('NFKC').toLowerCase().trim();
  s = s.replace(/[(（[【]\s*([^)）\]】]*?)\s*[)）\]】]/g, (_whole, inner: string) =>
    BRACKETED_PLACES.has(inner) ? ' ' : ` ${inner} `,
  );
  // Dots join ("co.,ltd." → "co ltd", "b.v." → "bv"); other punctuation separates words.
  s = s.replace(/[.·•]/g, '').replace(/&/g, ' and ');
  const words = s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  while (words.length > 1 && LATIN_SUFFIXES.has(words[words.length - 1]!)) words.pop();
  let compact = words.join('');
  for (let stripped = true; stripped;) {
    stripped = false;
    for (const suffix of CJK_SUFFIXES) {
      if (compact.endsWith(suffix) && compact.length > suffix.length) {
        compact = compact.slice(0, -suffix.length);
        stripped = true;
        break;
      }
    }
  }
  return compact || null;
}

/**
 * Several keys in one text column (partners have many phones and domains): space-separated with
 * a space at each end, so `LIKE '% key %'` finds a whole key and never a part of one.
 */
export function keyList(keys: (string | null)[]): string {
  const unique = [...new Set(keys.filter((k): k is string => Boolean(k)))];
  return unique.length ? ` ${unique.join(' ')} ` : '';
}
