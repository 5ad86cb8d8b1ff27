/**
 * Compiles a rule pattern into an anchored RegExp. In a glob `*` and `?` stay within one path
 * segment when `path` is set, `**` crosses segments and `/**` also matches its bare parent
 * (`/blog/**` matches `/blog`). A name (not a path, which starts with `/` itself) may instead be
 * written `/regex/flags`. Throws on an invalid regex.
 */
export function glob(pattern: string, path?: boolean): RegExp {
  const re = !path && /^\/(.+)\/([a-z]*)$/.exec(pattern);
  return re
    ? // `g` and `y` make RegExp#test stateful (lastIndex), which would make rules flaky.
      new RegExp(re[1], re[2].replace(/[gy]/g, ''))
    : new RegExp(
        '^' +
          pattern
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\/\*\*|\*\*?|\?/g, (m) =>
              m == '/**' ? '(/.*)?' : m == '**' ? '.*' : (path ? '[^/]' : '.') + (m == '*' ? '*' : ''),
            ) +
          '$',
      );
}
