// Minimal shared styling for server-rendered pages, readable on a phone. Served
// as a file from /assets so the strict CSP (no inline styles) holds.
export const SITE_CSS = `
:root{color-scheme:light;--fg:#1f2933;--muted:#616e7c;--accent:#0b5cab;--line:#d9e2ec}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,'Segoe UI',Roboto,'PingFang SC','Noto Sans SC',sans-serif;color:var(--fg);background:#f5f7fa}
header,main,footer{max-width:48rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid var(--line)}
header a{color:var(--fg);font-weight:700;text-decoration:none}
a{color:var(--accent)}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:1rem 1.25rem;margin:0 0 1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{color:var(--muted)}dd{margin:0}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid var(--line);vertical-align:top}
.muted{color:var(--muted);font-size:.9rem}
iframe{width:100%;min-height:28rem;border:1px solid var(--line);background:#fff}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
form.inline{display:inline;margin-left:1rem}
label{display:block;margin:.5rem 0 .25rem;font-weight:600}
input,select,textarea,button{font:inherit;padding:.35rem .5rem}
.error{color:#b00020}.urgent{color:#b00020;font-weight:700}
.tabs{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}.tabs a[aria-current]{font-weight:700}
.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:0 1rem}.fields input,.fields select{width:100%}
.scroll{overflow-x:auto}
.warning{background:#fdf6e3;border:1px solid #d69e2e;color:#5f370e;border-radius:4px;padding:.5rem .75rem;margin:0 0 1rem}.flag{display:inline-block;margin-right:.75rem}
.thread{list-style:none;padding:0}.thread li{border-left:3px solid var(--line);padding:.25rem .75rem;margin:0 0 .75rem}.thread .note{background:#fffbea}
form.action{margin:0 0 1rem}textarea{width:100%}
`;
