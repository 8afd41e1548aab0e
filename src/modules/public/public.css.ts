// Styling of the public pages on top of /assets/site.css; a file, so the strict CSP (no inline styles) holds.
export const PUBLIC_CSS = `
header.site{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.5rem}
header.site .brand{font-size:1.15rem}
ul.menu,ul.langs{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
ul.menu a,ul.langs a{font-weight:400}
ul.menu a[aria-current],ul.langs a[aria-current]{font-weight:700;text-decoration:underline}
ul.langs{font-size:.9rem}
footer{border-top:1px solid var(--line);margin-top:2rem}
`;
