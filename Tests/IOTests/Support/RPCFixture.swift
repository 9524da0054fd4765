import IO
import JSON
import RPC
import Runtime

/// An RPCServer and RPCClients on one running loop, talking over a Unix
/// socket in a fresh temporary directory.
struct RPCFixture {
    let running: RunningLoop
    let path: String
    /// Servers stay alive until their loop has stopped, as their owners keep
    /// them in production (`RPCServerLifetimeTests` covers dropping one early).
    private let keepAlive: Locked<[RPCServer]>
    static let serviceName = "test-service"
    /// Quiet: the reconnect notices and warnings are expected here.
    static let logger = Logger(label: "iotests", minimumLevel: .critical)

    var loop: EventLoop { running.loop }

    static func with<T>(_ body: (RPCFixture) throws -> T) throws -> T {
        try TemporaryDirectory.with { directory in
            let keepAlive = Locked<[RPCServer]>([])
            defer { withExtendedLifetime(keepAlive) {} }
            return try RunningLoop.with { running in
                try body(RPCFixture(running: running, path: directory.file("svc.sock"), keepAlive: keepAlive))
            }
        }
    }

    func startServer(maxFrameBytes: Int = 16 * 1024 * 1024,
                     _ register: @escaping @Sendable (RPCServer) -> Void) throws -> RPCServer {
        let (loop, path) = (self.loop, self.path)
        let server = try running.sync {
            let server = RPCServer(loop: loop, logger: Self.logger, maxFrameBytes: maxFrameBytes)
            register(server)
            try server.start(path: path)
            return server
        }
        keepAlive.append(server)
        return server
    }

    func startClient(defaultTimeoutMilliseconds: Int = 5_000, maxFrameBytes: Int = 16 * 1024 * 1024,
                     limits: RPCClientLimits = RPCClientLimits()) throws -> RPCClient {
        let (loop, path) = (self.loop, self.path)
        return try running.sync {
            let client = RPCClient(serviceName: Self.serviceName, path: path, loop: loop, logger: Self.logger,
                                   defaultTimeoutMilliseconds: defaultTimeoutMilliseconds, maxFrameBytes: maxFrameBytes,
                                   limits: limits)
            client.start()
            return client
        }
    }

    func isConnected(_ client: RPCClient) -> Bool {
        (try? running.sync { client.isConnected }) ?? false
    }

    /// A client that is connected (bounded wait).
    func connectedClient(maxFrameBytes: Int = 16 * 1024 * 1024,
                         limits: RPCClientLimits = RPCClientLimits()) throws -> RPCClient {
        let client = try startClient(maxFrameBytes: maxFrameBytes, limits: limits)
        guard eventually({ isConnected(client) }) else { throw TestFailure("client never connected") }
        return client
    }

    /// Makes one call and waits (bounded) for its completion.
    func call(_ client: RPCClient, _ method: String, params: JSONObject = JSONObject(), requestID: String? = nil,
              timeoutMilliseconds: Int? = nil, waitMilliseconds: Int = 5_000) throws -> Result<JSONValue, RPCError> {
        let outcome = Locked<Result<JSONValue, RPCError>?>(nil)
        try running.sync {
            client.call(method, params: params, requestID: requestID, timeoutMilliseconds: timeoutMilliseconds) {
                outcome.set($0)
            }
        }
        guard eventually(timeoutMilliseconds: waitMilliseconds, { outcome.value != nil }) else {
            throw TestFailure("no completion for \(method) within \(waitMilliseconds) ms")
        }
        return outcome.value!
    }

    func stop(_ client: RPCClient? = nil, _ server: RPCServer? = nil) throws {
        try running.sync {
            client?.stop()
            server?.stop()
        }
    }
}

extension Result where Failure == RPCError {
    var error: RPCError? {
        if case .failure(let error) = self { return error }
        return nil
    }
    var value: Success? {
        if case .success(let value) = self { return value }
        return nil
    }
}
