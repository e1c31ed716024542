/**
 * AMQP topic matching, so the in-process bus routes exactly as RabbitMQ's topic exchange does:
 * words are separated by `.`, `*` matches exactly one word, `#` matches zero or more words.
 * An empty routing key has no words (RabbitMQ's view), so only patterns made of `#` match it.
 */
export function topicMatches(pattern: string, routingKey: string): boolean {
  return matchWords(words(pattern), 0, words(routingKey), 0, new Map());
}

/** True when the pattern holds a wildcard word, i.e. it is not a plain routing key. */
export function isTopicPattern(pattern: string): boolean {
  return words(pattern).some((word) => word === '*' || word === '#');
}

function words(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

// Memoised on (p, k) because consecutive `#`s would otherwise backtrack exponentially.
function matchWords(pattern: string[], p: number, key: string[], k: number, memo: Map<number, boolean>): boolean {
  const id = p * (key.length + 1) + k;
  const known = memo.get(id);
  if (known !== undefined) return known;
  let result: boolean;
  if (p === pattern.length) {
    result = k === key.length;
  } else if (pattern[p] === '#') {
    // Either `#` swallows nothing more, or it swallows one more word and stays in place.
    result = matchWords(pattern, p + 1, key, k, memo) || (k < key.length && matchWords(pattern, p, key, k + 1, memo));
  } else if (k === key.length) {
    result = false;
  } else {
    result = (pattern[p] === '*' || pattern[p] === key[k]) && matchWords(pattern, p + 1, key, k + 1, memo);
  }
  memo.set(id, result);
  return result;
}
