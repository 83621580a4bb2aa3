// The widget's styles, adopted by its shadow root as a constructed style sheet: the host page's CSP then needs no
// style-src for them, and no rule here reaches the host page (nor a host page rule, except inherited ones, reach in:
// .root sets every inherited property the widget relies on).
const STYLES = `
:host { all: initial; }
.root { --accent: #1f5fd1; --accent-text: #fff; --bg: #fff; --fg: #1f2328; --muted: #57606a; --bubble: #eef1f4;
  --tool: #6639ba; --error: #b3261e; --border: #8c959f;
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); text-align: left;
  letter-spacing: normal; word-spacing: normal; text-transform: none; font-style: normal; font-weight: 400; visibility: visible; }
.root.dark { --accent: #4c8dff; --accent-text: #0b1220; --bg: #161b22; --fg: #e6edf3; --muted: #9da7b3; --bubble: #2a313c;
  --tool: #c297ff; --error: #ff8a80; --border: #6e7681; }
@media (prefers-color-scheme: dark) {
  .root.auto { --accent: #4c8dff; --accent-text: #0b1220; --bg: #161b22; --fg: #e6edf3; --muted: #9da7b3; --bubble: #2a313c;
    --tool: #c297ff; --error: #ff8a80; --border: #6e7681; }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input { font: inherit; color: inherit; }
button { padding: .5rem .9rem; border: 1px solid var(--border); border-radius: .4rem; background: var(--bg); cursor: pointer; }
button:disabled, input:disabled { opacity: .55; cursor: default; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
input { min-width: 0; flex: 1 1 10rem; padding: .5rem .6rem; border: 1px solid var(--border); border-radius: .4rem; background: var(--bg); }
.launcher { position: fixed; bottom: 20px; right: 20px; z-index: 2147483000; width: 56px; height: 56px; padding: 0;
  border: none; border-radius: 50%; background: var(--accent); color: var(--accent-text); box-shadow: 0 4px 14px rgb(0 0 0 / .25);
  display: grid; place-items: center; }
.launcher svg { width: 28px; height: 28px; fill: currentColor; }
.left .launcher { right: auto; left: 20px; }
.panel { position: fixed; bottom: 88px; right: 20px; z-index: 2147483000; width: 380px; height: min(600px, calc(100vh - 108px));
  display: flex; flex-direction: column; background: var(--bg); color: var(--fg); border: 1px solid var(--border);
  border-radius: .8rem; box-shadow: 0 8px 28px rgb(0 0 0 / .25); overflow: hidden; }
.left .panel { right: auto; left: 20px; }
.page .panel { position: static; width: auto; height: auto; min-height: 100vh; min-height: 100dvh; max-width: 46rem; margin: 0 auto;
  border: none; border-radius: 0; box-shadow: none; }
header { display: flex; align-items: center; gap: .5rem 1rem; flex-wrap: wrap; padding: .75rem 1rem; border-bottom: 1px solid var(--border); }
.title { font-size: 1.1rem; margin: 0; flex: 1 1 auto; }
.page .title { font-size: 1.25rem; }
.status { margin: 0; font-size: .875rem; color: var(--muted); }
.close { padding: .2rem .6rem; font-size: 1.25rem; line-height: 1; border: none; }
form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; padding: .5rem 1rem; margin: 0; }
.connect label { font-size: .9rem; }
.messages { list-style: none; margin: 0; padding: .75rem 1rem; flex: 1 1 auto; overflow-y: auto; display: flex; flex-direction: column; gap: .45rem; }
.page .messages { min-height: 20rem; }
.msg { max-width: 85%; padding: .45rem .7rem; border-radius: .7rem; overflow-wrap: anywhere; }
.msg.user { align-self: flex-end; background: var(--accent); color: var(--accent-text); white-space: pre-wrap; }
.msg.assistant { align-self: flex-start; background: var(--bubble); }
.msg.assistant > :first-child { margin-top: 0; }
.msg.assistant > :last-child { margin-bottom: 0; }
.msg p, .msg ul, .msg ol, .msg pre { margin: .35rem 0; }
.msg ul, .msg ol { padding-left: 1.25rem; }
.msg code { font: .9em/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; background: rgb(127 127 127 / .18); padding: 0 .25em; border-radius: .25em; }
.msg pre { overflow-x: auto; padding: .5rem; background: rgb(127 127 127 / .14); border-radius: .4rem; }
.msg pre code { background: none; padding: 0; }
.msg a { color: inherit; text-decoration: underline; }
.who { display: block; font-size: .8rem; font-weight: 600; color: var(--muted); margin-bottom: .15rem; }
.msg.tool { align-self: flex-start; font: .85rem/1.4 ui-monospace, monospace; color: var(--tool); padding: .1rem .7rem; }
.msg.error { align-self: stretch; max-width: none; color: var(--error); font-size: .9rem; }
.msg.system { align-self: center; font-size: .85rem; color: var(--muted); }
.typing { margin: 0; padding: 0 1rem; font-size: .85rem; color: var(--muted); min-height: 1.2em; }
.send { border-top: 1px solid var(--border); padding-top: .75rem; padding-bottom: .75rem; }
.send input { flex-basis: 6rem; }
.send .primary { background: var(--accent); color: var(--accent-text); border-color: var(--accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .launcher-mode .panel { inset: 0; width: 100%; height: 100%; border: none; border-radius: 0; }
  .launcher-mode.open .launcher { display: none; }
  .msg { max-width: 92%; }
}
`;
