// Safe Markdown for model text: a small subset (paragraphs, line breaks, lists, **strong**, *emphasis*, `code`,
// fenced code, [links](https://…) and bare http(s) addresses) built as DOM nodes. Text is only ever set as text:
// model output is untrusted, so nothing is parsed as HTML, and links other than http(s) stay plain text.

const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*|__[^_\n]+__)|(\*[^*\s][^*\n]*\*|\b_[^_\s][^_\n]*_\b)|(\[[^\]\n]+\]\([^)\s]+\))|(https?:\/\/[^\s<>()]+)/;

function markdown(text) {
  const out = document.createDocumentFragment();
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (/^\s*$/.test(line)) {
      i++;
    } else if (/^\s*```/.test(line)) {
      const code = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]); i++) code.push(lines[i]);
      i++; // the closing fence (or the end)
      const pre = document.createElement('pre');
      pre.append(node('code', code.join('\n')));
      out.append(pre);
    } else if (listItem(line)) {
      const ordered = /^\s*\d+[.)]\s/.test(line);
      const list = document.createElement(ordered ? 'ol' : 'ul');
      for (; i < lines.length && listItem(lines[i]) && /^\s*\d+[.)]\s/.test(lines[i]) === ordered; i++) {
        const item = document.createElement('li');
        item.append(inline(lines[i].replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')));
        list.append(item);
      }
      out.append(list);
    } else {
      const p = document.createElement('p');
      for (let first = true; i < lines.length && !/^\s*$/.test(lines[i]) && !/^\s*```/.test(lines[i]) && !listItem(lines[i]); i++) {
        if (!first) p.append(document.createElement('br'));
        p.append(inline(lines[i]));
        first = false;
      }
      out.append(p);
    }
  }
  return out;
}

function listItem(line) {
  return /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(line);
}

function inline(text) {
  const out = document.createDocumentFragment();
  let rest = text;
  for (let m = INLINE.exec(rest); m; m = INLINE.exec(rest)) {
    if (m.index > 0) out.append(rest.slice(0, m.index));
    const [all, code, strong, em, link, bare] = m;
    if (code) out.append(node('code', code.slice(1, -1)));
    else if (strong) out.append(wrap('strong', inline(strong.slice(2, -2))));
    else if (em) out.append(wrap('em', inline(em.slice(1, -1))));
    else if (link) {
      const label = link.slice(1, link.indexOf(']('));
      out.append(anchor(link.slice(link.indexOf('](') + 2, -1), label) ?? label);
    } else if (bare) {
      const url = bare.replace(/[.,;:!?'"]+$/, ''); // sentence punctuation is not part of the address
      out.append(anchor(url, url) ?? url, bare.slice(url.length));
    }
    rest = rest.slice(m.index + all.length);
  }
  if (rest) out.append(rest);
  return out;
}

/** A link only to http(s) addresses; anything else (javascript:, data:, relative) answers null. */
function anchor(href, label) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const a = node('a', label);
  a.href = url.href;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

function node(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function wrap(tag, content) {
  const el = document.createElement(tag);
  el.append(content);
  return el;
}
