/** A dependency-free page that renders /openapi.json as a readable list of routes. */
export function docsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Suyuan API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{margin-bottom:.2rem}code{background:#f3f3f3;padding:.1rem .3rem;border-radius:3px}
.op{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.5rem .8rem}.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0a6}.post{color:#06c}.delete{color:#c22}.tag{color:#777;font-size:.85em}</style></head>
<body><h1>Suyuan API</h1><p>Machine-readable description: <a href="/openapi.json"><code>/openapi.json</code></a> (OpenAPI 3.1).
Authenticate with <code>Authorization: Bearer &lt;api key&gt;</code>. Errors are <code>application/problem+json</code>.</p>
<div id="ops">Loading…</div>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const out=[];
  for(const [path,ops] of Object.entries(doc.paths||{})){
    for(const [method,op] of Object.entries(ops)){
      out.push('<div class="op"><span class="m '+method+'">'+method+'</span> <code>'+path.replace(/</g,'&lt;')+'</code> <span class="tag">'+((op.tags||[]).join(', '))+'</span><div>'+(op.summary||'').replace(/</g,'&lt;')+'</div></div>');
    }
  }
  document.getElementById('ops').innerHTML=out.join('');
});
</script></body></html>`;
}
