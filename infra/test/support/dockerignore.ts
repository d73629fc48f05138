/**
 * .dockerignore matching as BuildKit does it: patterns relative to the context root, `*` and `?`
 * within one path segment, `**` across segments, `!` re-includes, the last matching line wins,
 * and a pattern that matches a folder matches everything under it.
 */
export interface DockerIgnore {
  excludes(path: string): boolean;
}

function toRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` matches everything.
      if (pattern[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const pattern = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      return { negate, re: toRegex(pattern) };
    });
  return {
    excludes(path: string): boolean {
      let excluded = false;
      for (const r of rules) if (r.re.test(path)) excluded = !r.negate;
      return excluded;
    },
  };
}
