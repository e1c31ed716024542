/**
 * Passwords of 8+ characters that top the public breach lists. A password on this list, or
 * one that is just the user's email name, is refused at register time. Kept short on purpose:
 * the point is to stop the guesses an attacker tries first, not to ship a breach corpus.
 */
const COMMON = `
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword
12345678 123456789 1234567890 12345678910 0123456789 87654321 987654321 11111111 00000000
22222222 88888888 12341234 11223344 12121212 123123123 147258369 741852963 123qweasd
qwertyui qwerty12 qwerty123 qwerty1234 qwertyuiop 1q2w3e4r 1q2w3e4r5t 1qaz2wsx zaq12wsx
asdfghjk asdfasdf asdf1234 zxcvbnm1 zxcvbnmm abcd1234 abc12345 abcdefgh aaaaaaaa
iloveyou iloveyou1 sunshine princess football baseball basketball superman batman123
starwars whatever trustno1 letmein1 welcome1 welcome123 changeme changeme1 computer
internet michelle jennifer jordan23 corvette mercedes charlie1 dragon12 monkey12
shadow12 master12 freedom1 liverpool chelsea1 arsenal1 manchester pokemon1 minecraft
elephant butterfly chocolate password! admin123 admin1234 administrator root1234
canteen1 canteen123 student1 student123 college1 college123 campus123 india123 indian123
`;

export const commonPasswords: ReadonlySet<string> = new Set(COMMON.split(/\s+/).filter(Boolean));

export function isGuessablePassword(password: string, email: string): boolean {
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower)) return true;
  const local = email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local) && lower.length - local.length < 4) return true;
  // One character repeated, e.g. "zzzzzzzzzz".
  return new Set(lower).size <= 2;
}
