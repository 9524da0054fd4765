import Contracts
import IO
import JSON
import Runtime
import WebSocket

/// The `/api/sessions/live` clients of one gateway loop and the delivery
/// rules (platform-api.md "WebSocket"): nothing reaches a client before it
/// authenticates; `session.started` goes to every authenticated client,
/// every other event to its session's subscribers; a token that expires
/// while connected stops the events.
///
/// Read-only clients (`/api/sessions/live/public`, the stream overlay) never
/// authenticate: they may only subscribe to sessions and ping, and receive
/// the session events and `session.started`, never presence. Everything
/// those events carry is public through the GET routes already (sessions,
/// session games, votes, status-live); the feed only pushes it. They are
/// capped at a quarter of the connections, so they cannot crowd out admins.
///
/// Each loop has its own hub, so fan-out needs no locks: the event socket
/// encodes an event's frame once and hands the same bytes to every loop.
final class LiveHub: WebSocketConnectionDelegate, @unchecked Sendable {
    private final class Client {
        let socket: WebSocketConnection
        /// A public read-only feed client (never authenticated).
        let readOnly: Bool
        var expiresAt: Int64?
        var authenticated = false
        var sessions: Set<Int64> = []
        /// The token's `name` (presence).
        var name = ""
        /// Gateway-wide number in `PresenceRegistry`.
        let presenceID: UInt64
        /// Sent `page_focus` and still counted present.
        var present = false
        var page = ""
        init(socket: WebSocketConnection, presenceID: UInt64, readOnly: Bool) {
            self.socket = socket
            self.presenceID = presenceID
            self.readOnly = readOnly
        }
    }

    let loop: EventLoop
    private let authenticator: Authenticator
    private let limits: WebSocketLimits
    private let logger: Logger
    private let presence: PresenceRegistry
    private var clients: [ObjectIdentifier: Client] = [:]
    private var readOnlyCount = 0
    private var subscribers: [Int64: Set<ObjectIdentifier>] = [:]
    private var sweepTimer: TimerID?
    private var shuttingDown = false

    init(loop: EventLoop, authenticator: Authenticator, limits: WebSocketLimits, logger: Logger,
         presence: PresenceRegistry) {
        self.loop = loop
        self.presence = presence
        self.authenticator = authenticator
        self.limits = limits
        self.logger = logger
    }

    /// Sessions one read-only client may follow at a time.
    static let maxReadOnlySubscriptions = 4

    /// Read-only clients allowed on this loop: a quarter of the connections.
    var maxReadOnlyClients: Int { max(1, limits.maxConnections / 4) }

    /// Whether another client (of that kind) fits under `maxConnections` on this loop.
    func hasRoom(readOnly: Bool = false) -> Bool {
        loop.assertInLoop()
        if readOnly && readOnlyCount >= maxReadOnlyClients { return false }
        return !shuttingDown && clients.count < limits.maxConnections
    }

    /// Takes over an upgraded connection.
    func accept(_ stream: StreamConnection, leftover: [UInt8], readOnly: Bool = false) {
        loop.assertInLoop()
        guard !shuttingDown else { return stream.close() }
        let socket = WebSocketConnection(stream: stream, limits: limits)
        socket.delegate = self
        let client = Client(socket: socket, presenceID: presence.newConnection(), readOnly: readOnly)
        clients[ObjectIdentifier(socket)] = client
        socket.setMessageLimit(limits.maxUnauthenticatedMessageBytes)
        if readOnly {
            readOnlyCount += 1
        } else {
            loop.schedule(afterMilliseconds: limits.authTimeoutMilliseconds) { [weak client] in
                guard let client, !client.authenticated else { return }
                client.socket.close(code: WebSocketCloseCode.policyViolation, reason: "Authentication timeout")
            }
        }
        socket.start(leftover: leftover)
        if sweepTimer == nil { scheduleSweep() }
    }

    // MARK: Client messages

    func webSocket(_ connection: WebSocketConnection, didReceiveText text: String) {
        loop.assertInLoop()
        guard let client = clients[ObjectIdentifier(connection)] else { return }
        let message = LiveProtocol.parse(text)
        if client.readOnly { return readOnlyMessage(message, from: client) }
        switch message {
        case .ping:
            return connection.send(text: LiveProtocol.pong)
        case .auth(let token):
            guard let token else { return connection.send(text: LiveProtocol.authMissing) }
            switch authenticator.verify(token: token, now: Authenticator.currentUnixSeconds()) {
            case .success(let claims):
                client.authenticated = true
                client.expiresAt = claims["exp"]?.intValue
                connection.setMessageLimit(limits.maxMessageBytes)
                client.name = claims["name"]?.stringValue ?? ""
                connection.send(text: LiveProtocol.authSuccess)
                if client.present {
                    presence.focus(connection: client.presenceID, name: client.name, page: client.page, loop: loop)
                }
            case .failure:
                client.authenticated = false
                connection.setMessageLimit(limits.maxUnauthenticatedMessageBytes)
                leavePresence(client)
                connection.send(text: LiveProtocol.authInvalid)
            }
            return
        case .invalid:
            return connection.send(text: LiveProtocol.invalidMessage)
        default:
            break
        }
        guard isAuthenticated(client) else { return connection.send(text: LiveProtocol.notAuthenticated) }
        switch message {
        case .subscribe(let id?):
            client.sessions.insert(id)
            subscribers[id, default: []].insert(ObjectIdentifier(connection))
            connection.send(text: LiveProtocol.subscribed(id))
        case .unsubscribe(let id?):
            client.sessions.remove(id)
            removeSubscriber(ObjectIdentifier(connection), from: id)
            connection.send(text: LiveProtocol.unsubscribed(id))
        case .subscribe(nil), .unsubscribe(nil):
            connection.send(text: LiveProtocol.sessionIDRequired)
        case .pageFocus(let page?):
            client.present = true
            client.page = page
            presence.focus(connection: client.presenceID, name: client.name, page: page, loop: loop)
        case .pageFocus(nil):
            connection.send(text: LiveProtocol.invalidPage)
        default:
            connection.send(text: LiveProtocol.unknownType)
        }
    }

    /// A read-only client may follow sessions and ping; nothing else.
    private func readOnlyMessage(_ message: LiveProtocol.ClientMessage, from client: Client) {
        let connection = client.socket
        let id = ObjectIdentifier(connection)
        switch message {
        case .ping:
            connection.send(text: LiveProtocol.pong)
        case .subscribe(let session?):
            guard client.sessions.contains(session) || client.sessions.count < Self.maxReadOnlySubscriptions else {
                return connection.send(text: LiveProtocol.tooManySubscriptions)
            }
            client.sessions.insert(session)
            subscribers[session, default: []].insert(id)
            connection.send(text: LiveProtocol.subscribed(session))
        case .unsubscribe(let session?):
            client.sessions.remove(session)
            removeSubscriber(id, from: session)
            connection.send(text: LiveProtocol.unsubscribed(session))
        case .subscribe(nil), .unsubscribe(nil):
            connection.send(text: LiveProtocol.sessionIDRequired)
        case .invalid:
            connection.send(text: LiveProtocol.invalidMessage)
        case .auth, .pageFocus, .unknown:
            connection.send(text: LiveProtocol.readOnly)
        }
    }

    func webSocketDidClose(_ connection: WebSocketConnection) {
        loop.assertInLoop()
        let id = ObjectIdentifier(connection)
        guard let client = clients.removeValue(forKey: id) else { return }
        if client.readOnly { readOnlyCount -= 1 }
        for session in client.sessions { removeSubscriber(id, from: session) }
        leavePresence(client)
    }

    private func leavePresence(_ client: Client) {
        guard client.present else { return }
        client.present = false
        presence.remove(connection: client.presenceID, loop: loop)
    }

    private func removeSubscriber(_ id: ObjectIdentifier, from session: Int64) {
        subscribers[session]?.remove(id)
        if subscribers[session]?.isEmpty == true { subscribers[session] = nil }
    }

    /// Authenticated and the token not yet expired; an expiry seen here
    /// ends the authentication and tells the client once.
    private func isAuthenticated(_ client: Client, now: Int64 = Authenticator.currentUnixSeconds()) -> Bool {
        guard client.authenticated else { return false }
        if let expiresAt = client.expiresAt, now >= expiresAt {
            client.authenticated = false
            leavePresence(client)
            client.socket.send(text: LiveProtocol.authInvalid)
            return false
        }
        return true
    }

    // MARK: Events

    /// Sends a pre-encoded event frame: to every authenticated client (and
    /// read-only one, unless `readOnlyToo` is false) when `toEveryone`,
    /// else to the subscribers of `sessionID`.
    func deliver(frame: [UInt8], sessionID: Int64?, toEveryone: Bool, readOnlyToo: Bool = true) {
        loop.assertInLoop()
        let now = Authenticator.currentUnixSeconds()
        func receives(_ client: Client) -> Bool {
            client.readOnly ? readOnlyToo : isAuthenticated(client, now: now)
        }
        if toEveryone {
            for client in clients.values where receives(client) {
                client.socket.send(frame: frame)
            }
        } else if let sessionID, let ids = subscribers[sessionID] {
            for id in ids {
                if let client = clients[id], receives(client) { client.socket.send(frame: frame) }
            }
        }
    }

    /// A `presence_update` frame: to every authenticated client, never to
    /// read-only ones (admin names are not public).
    func deliverPresence(frame: [UInt8]) {
        deliver(frame: frame, sessionID: nil, toEveryone: true, readOnlyToo: false)
    }

    // MARK: Liveness and shutdown

    /// Every few seconds: ping clients quiet for half the idle timeout,
    /// close those silent for all of it, end expired authentications.
    private func scheduleSweep() {
        let interval = max(100, min(5_000, limits.idleTimeoutMilliseconds / 4))
        sweepTimer = loop.schedule(afterMilliseconds: interval) { [weak self] in
            guard let self else { return }
            self.sweepTimer = nil
            let now = self.loop.now
            let idle = UInt64(self.limits.idleTimeoutMilliseconds) * 1_000_000
            let seconds = Authenticator.currentUnixSeconds()
            for client in Array(self.clients.values) {
                let quiet = now &- client.socket.lastReceived
                if quiet >= idle {
                    client.socket.close(code: WebSocketCloseCode.goingAway, reason: "Idle timeout")
                } else if quiet >= idle / 2 {
                    client.socket.ping()
                }
                _ = self.isAuthenticated(client, now: seconds)
            }
            if !self.clients.isEmpty && !self.shuttingDown { self.scheduleSweep() }
        }
    }

    /// Closes every client with 1001 and calls `done` when they are gone
    /// (or after the close timeout).
    func shutdown(done: @escaping () -> Void) {
        loop.assertInLoop()
        shuttingDown = true
        for client in clients.values {
            client.socket.close(code: WebSocketCloseCode.goingAway, reason: "Server shutting down")
        }
        let deadline = loop.now + UInt64(limits.closeTimeoutMilliseconds + 500) * 1_000_000
        func check() {
            if clients.isEmpty || loop.now >= deadline { return done() }
            loop.schedule(afterMilliseconds: 20, check)
        }
        check()
    }
}
