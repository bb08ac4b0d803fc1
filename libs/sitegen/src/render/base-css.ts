/** Layout, type and form rules every generated site shares; mobile first, widened by min-width queries. */
export const BASE_CSS = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%;scroll-behavior:smooth}
@media (prefers-reduced-motion:reduce){html{scroll-behavior:auto}*,*::before,*::after{transition:none!important;animation:none!important}}
body{margin:0;font-family:var(--font-body);font-size:1rem;line-height:1.6;color:var(--text);background:var(--bg)}
img,svg{max-width:100%;height:auto}
figure,blockquote{margin:0}
img{display:block}
h1,h2,h3,h4,h5,h6{font-family:var(--font-heading);line-height:1.2;margin:0 0 .75rem;overflow-wrap:anywhere}
h1{font-size:clamp(2.1rem,6vw,3.6rem)}
h2{font-size:clamp(1.6rem,4vw,2.4rem)}
h3{font-size:1.2rem}
p{margin:0 0 1rem;overflow-wrap:anywhere}
a{color:var(--primary);text-underline-offset:.15em}
a:hover{text-decoration-thickness:2px}
:focus-visible{outline:3px solid var(--primary);outline-offset:3px}
.skip-link{position:absolute;left:.5rem;top:-4rem;z-index:10;padding:.6rem 1rem;border-radius:var(--radius);background:var(--primary);color:var(--on-primary);font-weight:700}
.skip-link:focus{top:.5rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.container{width:min(100% - 2rem,var(--max));margin-inline:auto}
main:focus{outline:none}
.section{padding-block:3rem;background:var(--bg);color:var(--text)}
.section--alt{background:var(--surface);color:var(--text)}
.section--primary{background:var(--primary);color:var(--on-primary)}
.section--primary a:not(.btn),.section--primary .eyebrow,.section--primary .lead,.section--primary .muted{color:var(--on-primary)}
.section--primary .btn--primary{background:var(--on-primary);border-color:var(--on-primary);color:var(--primary)}
.section--primary .btn--ghost{border-color:var(--on-primary);color:var(--on-primary)}
.section--primary :focus-visible{outline-color:var(--on-primary)}
@media (min-width:48em){.section{padding-block:4.5rem}}
.section-head{max-width:44rem;margin-bottom:2rem}
.lead{font-size:1.15rem;color:var(--muted)}
.muted{color:var(--muted)}
.meta{color:var(--muted);font-size:.9rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
.btn{display:inline-block;padding:.75rem 1.35rem;border-radius:var(--radius);border:2px solid var(--primary);background:var(--primary);color:var(--on-primary);font:inherit;font-weight:700;text-decoration:none;cursor:pointer;line-height:1.2}
.btn:hover{background:var(--text);border-color:var(--text);color:var(--bg)}
.btn--ghost{background:transparent;color:var(--primary)}
.btn--small{padding:.45rem .9rem;font-size:.9rem}
.card{background:var(--surface);color:var(--text);border:1px solid var(--border);border-radius:var(--radius);padding:1.25rem}
.section--alt .card{background:var(--bg);color:var(--text)}
.media{width:100%;border-radius:var(--radius)}
.icon{width:1.5rem;height:1.5rem}
.checklist{list-style:none;margin:0;padding:0;display:grid;gap:.75rem}
.checklist li{display:flex;gap:.6rem;align-items:flex-start;font-weight:500}
.checklist li::before{content:"✓";flex:none;display:inline-grid;place-items:center;width:1.5rem;height:1.5rem;border-radius:50%;background:var(--primary);color:var(--on-primary);font-size:.85rem}
.table-wrap{overflow-x:auto}
.table{width:100%;border-collapse:collapse}
.table th,.table td{padding:.75rem;border-bottom:1px solid var(--border);text-align:left;vertical-align:top}
.table thead th{font-size:.85rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
.form{display:grid;gap:1rem}
.field{display:grid;gap:.35rem}
.field label{font-weight:600}
input,select,textarea{width:100%;font:inherit;padding:.65rem .8rem;border:1px solid var(--muted);border-radius:var(--radius);background:var(--bg);color:var(--text)}
textarea{resize:vertical}
.form-status{margin:0;font-weight:600}
.form-status:empty{display:none}
@media (min-width:48em){.form{grid-template-columns:repeat(2,1fr)}.form .field--wide,.form .form-actions,.form .form-status,.form fieldset{grid-column:1/-1}}`;
