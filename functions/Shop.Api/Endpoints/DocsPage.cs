namespace Shop.Api.Endpoints;

/// <summary>
/// A self-contained page that renders the OpenAPI document: no CDN, so it works offline and in
/// the local environment exactly as deployed.
/// </summary>
internal static class DocsPage
{
    public const string Html = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>Shop API</title>
        <style>
          body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2330; }
          h1 { margin-bottom: 0; } .sub { color: #5b6475; margin-top: .25rem; }
          section { border: 1px solid #d9dee8; border-radius: 6px; margin: .75rem 0; padding: .5rem 1rem; }
          .method { display: inline-block; min-width: 4.5rem; font-weight: 700; text-transform: uppercase; }
          .get { color: #0b7a3e; } .post { color: #1f5fbf; } .put { color: #9a6a00; } .delete { color: #b3261e; }
          code { font-size: 14px; } small { color: #5b6475; } ul { margin: .25rem 0 .5rem; }
        </style>
        </head>
        <body>
        <h1>Shop API</h1>
        <p class="sub">Generated from <a href="/openapi/v1.json">/openapi/v1.json</a>. Errors are RFC 9457 problem documents.</p>
        <main id="ops">Loading…</main>
        <script>
        const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
        fetch('/openapi/v1.json').then(r => r.json()).then(doc => {
          const out = [];
          for (const [path, item] of Object.entries(doc.paths || {})) {
            for (const [method, op] of Object.entries(item)) {
              if (!op || typeof op !== 'object' || !op.responses) continue;
              const params = (op.parameters || []).map(p => `<li><code>${esc(p.name)}</code> <small>${esc(p.in)}${p.required ? ', required' : ''}</small></li>`).join('');
              const responses = Object.keys(op.responses).map(code => `<code>${esc(code)}</code>`).join(' ');
              out.push(`<section><span class="method ${method}">${esc(method)}</span><code>${esc(path)}</code>
                <div>${esc(op.summary || '')} <small>${esc((op.tags || []).join(', '))}</small></div>
                ${params ? `<ul>${params}</ul>` : ''}<small>responses: ${responses}</small></section>`);
            }
          }
          document.getElementById('ops').innerHTML = out.join('') || 'No operations.';
        }).catch(e => { document.getElementById('ops').textContent = 'Could not load the OpenAPI document: ' + e; });
        </script>
        </body>
        </html>
        """;
}
