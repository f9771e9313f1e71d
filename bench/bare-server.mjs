// The bare twin of every benchmark target: a node:http server with no framework that reads
// the request (a GraphQL twin is sent the same POST body) and answers `/t/<target>` with the
// bytes and content type the service answered for that target. Started by flows.bench.mjs,
// which sends `{ port, answers: { [path]: { contentType, body } } }` over IPC and waits for
// "listening".
import { createServer } from 'node:http';

process.once('message', ({ port, host, answers }) => {
  const byPath = new Map(
    Object.entries(answers).map(([path, { contentType, body }]) => {
      const bytes = Buffer.from(body);
      return [path, { bytes, headers: { 'content-type': contentType, 'content-length': bytes.length } }];
    }),
  );
  const notFound = Buffer.from('not a benchmark target\n');
  createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const answer = byPath.get(request.url);
      if (!answer) {
        response.writeHead(404, { 'content-type': 'text/plain', 'content-length': notFound.length }).end(notFound);
        return;
      }
      response.writeHead(200, answer.headers).end(answer.bytes);
    });
  }).listen(port, host, () => process.send('listening'));
});
process.on('disconnect', () => process.exit(0));
