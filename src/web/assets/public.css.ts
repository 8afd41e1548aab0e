// Styling of the public pages on top of /assets/site.css; a file, so the strict CSP (no inline styles) holds.
export const PUBLIC_CSS = `
main header{max-width:none;margin:0;padding:0;border:0}
main h1{font-size:clamp(1.5rem,5vw,2.25rem);line-height:1.2}
header.site{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}
header.site .brand{font-size:1.15rem}
ul.menu,ul.langs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
ul.menu a,ul.langs a{font-weight:400}
ul.menu a[aria-current],ul.langs a[aria-current]{font-weight:700;text-decoration:underline}
ul.langs{font-size:.9rem}
footer{border-top:1px solid var(--line);margin-top:2rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.share fieldset{border:0;padding:0;margin:0}.share legend{font-weight:700;padding:0}
.share input:not([type=hidden]),.share textarea{width:100%;max-width:32rem}.share .muted{margin:.1rem 0 .25rem}
.share .field-error{margin:.25rem 0}.share altcha-widget{display:block;margin:.5rem 0}.share-check-label{font-weight:600;margin:.75rem 0 .25rem}
ul.releases,ul.tiles,ul.people{list-style:none;padding:0}
ul.releases li{margin:0 0 1rem}ul.releases a{font-size:1.1rem;font-weight:600}ul.releases p{margin:.15rem 0 0}
ul.tiles li{margin:0 0 .75rem}ul.tiles p{margin:.15rem 0 0}
ul.people{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:1rem}ul.people li{margin:0}
.person{font-weight:700;margin:0 0 .25rem}.people .muted{margin:0 0 .5rem}
.subtitle{font-size:1.1rem;color:var(--muted)}
.release-body{overflow-wrap:anywhere}.release-body img{max-width:100%;height:auto}
a.button{display:inline-block;background:var(--accent);color:#fff;font-weight:600;padding:.5rem 1rem;border-radius:4px;text-decoration:none}
a.button:hover,a.button:focus{text-decoration:underline}
ol.principles{padding-left:1.25rem}ol.principles h2{font-size:1.1rem;margin:1rem 0 .25rem}
dd{overflow-wrap:anywhere}
form.inquiry .field{margin:0 0 1rem}form.inquiry input[type=text],form.inquiry input[type=email],form.inquiry input[type=tel],form.inquiry select{width:100%;max-width:32rem}
fieldset.field{border:1px solid var(--line);border-radius:4px;padding:.5rem 1rem}fieldset.field legend{font-weight:600;padding:0 .25rem}
.hint{margin:0 0 .25rem}.field-error{font-weight:600;margin:.25rem 0}
[aria-invalid=true]{border:2px solid #b00020}
.choice{display:flex;align-items:flex-start;gap:.5rem;margin:.25rem 0}.choice label{display:inline;margin:0;font-weight:400}.choice input{margin-top:.35rem}
.consent{flex-wrap:wrap}.consent .field-error{flex-basis:100%}
.error-summary{border:3px solid #b00020;background:#fff;border-radius:4px;padding:.5rem 1rem;margin:0 0 1rem}.error-summary h2{margin:.25rem 0;font-size:1.15rem}
.error-summary a{color:#b00020;font-weight:600}
.notice{background:#e6f4ea;border:1px solid #2f855a;color:#1c4532;border-radius:4px;padding:.5rem .75rem}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
form.inquiry button[type=submit],form.follow-up button[type=submit]{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.5rem 1rem;font-weight:600}
`;
