/** Inline CSS of the consumer pages: mobile-first, system fonts, no external assets. */
export const PAGE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f3f5f7;color:#1d2733}
main{max-width:640px;margin:0 auto;padding:0 0 32px}
header.bar{display:flex;justify-content:space-between;align-items:center;padding:12px 16px;background:#0b5d4b;color:#fff}
header.bar a{color:#fff;font-size:14px;border:1px solid rgba(255,255,255,.6);border-radius:14px;padding:2px 10px;text-decoration:none}
.brand{font-weight:700;letter-spacing:.5px}
section.card{background:#fff;margin:12px;border-radius:12px;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:0 0 12px;color:#0b5d4b}
dl{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;margin:0}
dt{color:#5b6b7a;font-size:14px}
dd{margin:0;font-size:15px;overflow-wrap:anywhere}
.muted{color:#5b6b7a;font-size:14px}
.ok{display:inline-block;margin-top:8px;background:#e3f5ec;color:#0b6b3a;border-radius:12px;padding:2px 10px;font-size:14px}
#recall-notice{background:#b3121f;color:#fff;margin:0;padding:16px 16px 18px;border-bottom:4px solid #7a0c15}
#recall-notice h2{color:#fff;font-size:20px;display:flex;align-items:center;gap:10px;margin:0 0 10px}
#recall-notice svg{flex:none}
#recall-notice dl{grid-template-columns:1fr}
#recall-notice dt{color:#ffd7da;font-weight:600;font-size:13px;text-transform:uppercase;letter-spacing:.3px}
#recall-notice dd{font-size:16px;margin-bottom:8px;overflow-wrap:break-word}
#recall-notice .what-product{background:rgba(0,0,0,.18);border-radius:8px;padding:8px 10px;margin:0 0 12px;font-size:15px}
#recall-notice a{color:#fff}
ol.timeline{list-style:none;margin:0;padding:0 0 0 18px;border-left:2px solid #c8d6d2}
ol.timeline li{position:relative;margin:0 0 14px;padding-left:6px}
ol.timeline li:before{content:"";position:absolute;left:-25px;top:6px;width:12px;height:12px;border-radius:50%;background:#0b5d4b;border:2px solid #fff}
.when{font-size:13px;color:#5b6b7a}
.what{font-weight:600}
table{width:100%;border-collapse:collapse;font-size:14px;margin:6px 0 10px}
th,td{text-align:left;padding:5px 4px;border-bottom:1px solid #e6ebef;vertical-align:top}
th{color:#5b6b7a;font-weight:500}
.std{border-top:1px solid #e6ebef;padding-top:10px;margin-top:10px}
.std:first-of-type{border-top:0;padding-top:0;margin-top:0}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:13px}
.pill.good{background:#e3f5ec;color:#0b6b3a}.pill.bad{background:#fde2e4;color:#9b111e}
.warn{background:#fff4e0;color:#7a4a00;border-radius:8px;padding:6px 8px;font-size:14px}
code{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;word-break:break-all;color:#33414e}
ul.proofs{list-style:none;padding:0;margin:0}
ul.proofs li{padding:6px 0;border-bottom:1px solid #eef1f4;font-size:14px}
ul.proofs .what{font-weight:500}
ul.proofs code{white-space:nowrap}
a{color:#0b5d4b}
label{display:block;font-size:14px;color:#5b6b7a;margin:8px 0 4px}
textarea,input[type=text]{width:100%;font:inherit;padding:8px;border:1px solid #c3ccd4;border-radius:8px}
button{margin-top:12px;font:inherit;background:#0b5d4b;color:#fff;border:0;border-radius:8px;padding:10px 18px}
.thanks{background:#e3f5ec;color:#0b6b3a;border-radius:8px;padding:8px}
footer{text-align:center;font-size:12px;color:#8795a1;padding:8px 16px}
@media (min-width:700px){main{padding-top:12px}}
`;

/** A warning triangle, drawn inline so the notice needs no image request. */
export const WARNING_ICON =
  '<svg width="28" height="28" viewBox="0 0 24 24" aria-hidden="true"><path fill="#fff" d="M12 2 1 21h22L12 2z"/><path fill="#b3121f" d="M11 9h2v6h-2zm0 8h2v2h-2z"/></svg>';
