// Links and heading anchors of a Markdown page, outside code: what the pack step rewrites and the package
// check resolves. Anchors follow GitHub's rule, as packages/testkit/test/markdown.spec.ts does.

const FENCE = /^\s{0,3}(```|~~~)/;
const INLINE_LINK = /\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE = /^(\s{0,3}\[[^\]]+\]:\s*<?)([^\s>]+)/;
const AUTOLINK = /<((?:https?|mailto):[^>\s]+)>/g;

/** The line with every inline code span blanked to spaces of the same length. */
const maskCode = (line) => line.replace(/(`+)[^`]*?\1/g, (span) => ' '.repeat(span.length));

/**
 * The page with every link target outside code replaced by `rewrite(target)`: inline links and images
 * (`](target)`), reference definitions (`[label]: target`) and autolinks (`<https://…>`).
 */
export const rewriteLinks = (markdown, rewrite) => {
  let fence = null;
  return markdown
    .split('\n')
    .map((line) => {
      const opened = FENCE.exec(line)?.[1];
      if (fence !== null) {
        if (opened === fence) fence = null;
        return line;
      }
      if (opened !== undefined) {
        fence = opened;
        return line;
      }
      const masked = maskCode(line);
      const edits = [];
      for (const match of masked.matchAll(INLINE_LINK)) {
        const at = match.index + match[0].indexOf(match[1], 2);
        edits.push({ at, target: match[1] });
      }
      for (const match of masked.matchAll(AUTOLINK)) edits.push({ at: match.index + 1, target: match[1] });
      const reference = REFERENCE.exec(masked);
      if (reference !== null) edits.push({ at: reference[1].length, target: reference[2] });
      let result = line;
      for (const { at, target } of edits.sort((a, b) => b.at - a.at))
        result = `${result.slice(0, at)}${rewrite(target)}${result.slice(at + target.length)}`;
      return result;
    })
    .join('\n');
};

/** Every link target outside code, in page order. */
export const linkTargets = (markdown) => {
  const targets = [];
  rewriteLinks(markdown, (target) => {
    targets.push(target);
    return target;
  });
  return targets;
};

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, `-1` on repeats. */
export const headingAnchors = (markdown) => {
  const anchors = new Set();
  let fence = null;
  for (const line of markdown.split('\n')) {
    const opened = FENCE.exec(line)?.[1];
    if (fence !== null) {
      if (opened === fence) fence = null;
      continue;
    }
    if (opened !== undefined) {
      fence = opened;
      continue;
    }
    const heading = /^#{1,6} (.+?)(?:\s+#+)?\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const slug = heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    let unique = slug;
    for (let n = 1; anchors.has(unique); n += 1) unique = `${slug}-${n}`;
    anchors.add(unique);
  }
  return anchors;
};

/** `docs/x.md#part` → `{ path: 'docs/x.md', anchor: 'part' }`; a target with a scheme is `{ url }`. */
export const splitTarget = (target) => {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return { url: target };
  const hash = target.indexOf('#');
  return hash === -1
    ? { path: decodeURI(target), anchor: '' }
    : { path: decodeURI(target.slice(0, hash)), anchor: decodeURIComponent(target.slice(hash + 1)) };
};

/** The contents of the page's fenced code blocks tagged `language`, in page order. */
export const codeBlocks = (markdown, language) => {
  const blocks = [];
  let fence = null;
  let lines = null;
  for (const line of markdown.split('\n')) {
    const opened = /^\s{0,3}(```|~~~)\s*([^\s`]*)/.exec(line);
    if (fence === null) {
      if (opened === null) continue;
      fence = opened[1];
      lines = opened[2] === language ? [] : null;
    } else if (opened !== null && opened[1] === fence && opened[2] === '') {
      if (lines !== null) blocks.push(`${lines.join('\n')}\n`);
      fence = null;
    } else lines?.push(line);
  }
  return blocks;
};
