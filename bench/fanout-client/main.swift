import Glibc
import IO
import WebSocket

// gamenight-fanout: a compiled WebSocket fan-out client for `make bench`,
// built on the project's own event loop, so the measurement is not bounded
// by a slow client. Usage:
//   gamenight-fanout PORT TOKEN SESSION_ID SESSION_GAME_ID CLIENTS ROUNDS
// Opens CLIENTS connections to /api/sessions/live (auth + subscribe), then
// per round sends one PATCH …/player-count and measures until every client
// has the player-count.updated event. Prints a summary; asserts nothing.

let arguments = CommandLine.arguments
guard arguments.count == 7, let port = UInt16(arguments[1]), let session = Int(arguments[3]),
      let sessionGame = Int(arguments[4]), let clientCount = Int(arguments[5]), let rounds = Int(arguments[6]) else {
    print("usage: gamenight-fanout PORT TOKEN SESSION_ID SESSION_GAME_ID CLIENTS ROUNDS")
    exit(2)
}
let token = arguments[2]
signal(SIGPIPE, SIG_IGN)
var limit = rlimit()
getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
limit.rlim_cur = limit.rlim_max
setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)

let loop = try EventLoop(name: "fanout")
let run = FanoutRun(loop: loop, port: port, token: token, session: session, sessionGame: sessionGame,
                    clientCount: clientCount, rounds: rounds)
loop.execute { run.start() }
loop.run()
