// Serves a fetch-style module on 127.0.0.1:$PORT with the runtime's own server: Bun.serve, Deno.serve, or
// node:http on Node (its requests turned into WHATWG Requests). The module is $APP_MODULE (default
// ./app.mjs): its default export's `fetch`, or its `POST` (a Next.js route handler). Prints
// `listening <port>` once it accepts connections.
/* global Bun, Deno, Headers, Request */
const module = await import(process.env.APP_MODULE ?? './app.mjs');
const app = { fetch: module.default?.fetch ?? module.POST };
const port = Number(process.env.PORT);
const listening = () => console.log(`listening ${port}`);

const serveNode = async () => {
  const { createServer } = await import('node:http');
  const toRequest = async (req) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      for (const one of [value ?? []].flat()) headers.append(name, one);
    return new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.concat(chunks),
    });
  };
  const server = createServer((req, res) => {
    void toRequest(req)
      .then(app.fetch)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
  });
  server.listen(port, '127.0.0.1', listening);
};

if (typeof Bun !== 'undefined') {
  Bun.serve({ hostname: '127.0.0.1', port, fetch: app.fetch });
  listening();
} else if (typeof Deno !== 'undefined') {
  Deno.serve({ hostname: '127.0.0.1', port, onListen: listening }, app.fetch);
} else {
  await serveNode();
}
