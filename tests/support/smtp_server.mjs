// A real SMTP server on loopback for the tests (smtp-server from npm): STARTTLS with the
// certificate and key in DIR (cert.pem, key.pem), sign-in required as haven / mail-secret,
// each message received appended as one JSON line to DIR/messages.jsonl. Prints
// "smtp listening on PORT" once it listens on a free port.
//   node tests/support/smtp_server.mjs DIR
import { SMTPServer } from 'smtp-server'
import { appendFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const dir = process.argv[2]
const server = new SMTPServer({
  key: readFileSync(join(dir, 'key.pem')),
  cert: readFileSync(join(dir, 'cert.pem')),
  authMethods: ['PLAIN', 'LOGIN'],
  onAuth (auth, session, callback) {
    if (auth.username === 'haven' && auth.password === 'mail-secret') return callback(null, { user: auth.username })
    callback(new Error('Invalid username or password'))
  },
  onData (stream, session, callback) {
    const chunks = []
    stream.on('data', c => chunks.push(c))
    stream.on('end', () => {
      appendFileSync(join(dir, 'messages.jsonl'), JSON.stringify({
        from: session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map(r => r.address),
        secure: session.secure,
        user: session.user,
        data: Buffer.concat(chunks).toString('utf8')
      }) + '\n')
      callback()
    })
  }
})
server.listen(0, '127.0.0.1', () => console.log(`smtp listening on ${server.server.address().port}`))
process.on('SIGTERM', () => server.close(() => process.exit(0)))
