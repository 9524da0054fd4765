import Glibc
import Testing
import IO
import JSON
import RPC
import Runtime

struct RPCClientServerTests {
    private static func registerAdd(_ server: RPCServer) {
        server.register("math.add") { call in
            guard let a = call.params["a"]?.intValue, let b = call.params["b"]?.intValue else {
                return call.fail(.invalidParams())
            }
            call.succeed(.int(a + b))
        }
    }

    @Test func registeredMethod_Answers() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(Self.registerAdd)
            let client = try fixture.connectedClient()
            #expect(try fixture.call(client, "math.add", params: ["a": 2, "b": 3]) == .success(.int(5)))
            #expect(try fixture.call(client, "math.add", params: ["a": 2]).error?.code == RPCErrorCode.invalidParams)
            #expect(try fixture.running.sync { client.inFlightCount } == 0)
            try fixture.stop(client, server)
        }
    }

    @Test func concurrentCalls_AnsweredOutOfOrder_AreMatchedByID() throws {
        try RPCFixture.with { fixture in
            let loop = fixture.loop
            let count = 20
            let held = Locked<[RPCCall]>([])
            let server = try fixture.startServer { server in
                // Hold every call until all have arrived, then answer from a
                // timer in reverse order, each with its own `n`.
                server.register("slow.echo") { call in
                    let all = held.withLock { calls in
                        calls.append(call)
                        return calls.count == count ? calls : nil
                    }
                    guard let all else { return }
                    loop.schedule(afterMilliseconds: 10) {
                        for call in all.reversed() { call.succeed(call.params["n"] ?? .null) }
                    }
                }
            }
            let client = try fixture.connectedClient()
            let completions = Locked<[(call: Int, result: Result<JSONValue, RPCError>)]>([])
            try fixture.running.sync {
                for n in 0..<count {
                    client.call("slow.echo", params: ["n": .int(Int64(n))]) { completions.append((n, $0)) }
                }
                return client.inFlightCount
            }
            #expect(eventually { completions.value.count == count })
            for completion in completions.value {
                #expect(completion.result == .success(.int(Int64(completion.call))))
            }
            #expect(completions.value.map(\.call) == Array((0..<count).reversed()))
            #expect(try fixture.running.sync { client.inFlightCount } == 0)
            try fixture.stop(client, server)
        }
    }

    @Test func unknownMethod_FailsWithMethodNotFound() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer(Self.registerAdd)
            let client = try fixture.connectedClient()
            let error = try fixture.call(client, "math.divide").error
            #expect(error?.code == RPCErrorCode.methodNotFound)
            #expect(error?.code == -32601)
            #expect(error?.message == "Method not found: math.divide")
            try fixture.stop(client, server)
        }
    }

    @Test func handlerThatNeverReplies_TimesOutAfterTheDeadline_AndALateReplyIsIgnored() throws {
        try RPCFixture.with { fixture in
            let held = Locked<[RPCCall]>([])
            let server = try fixture.startServer { server in
                server.register("black.hole") { call in held.append(call) }
                server.register("ping") { call in call.succeed("pong") }
            }
            let client = try fixture.connectedClient()
            let completions = Locked<[Result<JSONValue, RPCError>]>([])
            let startedAt = MonotonicClock.now()
            try fixture.running.sync {
                client.call("black.hole", timeoutMilliseconds: 150) { completions.append($0) }
            }
            #expect(eventually { completions.value.count == 1 })
            let elapsed = millisecondsSince(startedAt)
            #expect(elapsed >= 150, "timed out early, after \(elapsed) ms")
            let error = completions.value.first?.error
            #expect(error?.code == RPCErrorCode.timeout)
            #expect(error?.message == "Upstream timeout: \(RPCFixture.serviceName)")
            #expect(try fixture.running.sync { client.inFlightCount } == 0)

            // The service answers after all; the next call's answer comes
            // behind it on the same stream, so once that one is in, the late
            // one has been read and dropped.
            #expect(held.value.count == 1)
            try fixture.running.sync { held.value.first?.succeed("too late") }
            #expect(try fixture.call(client, "ping") == .success("pong"))
            #expect(completions.value.count == 1)
            #expect(fixture.isConnected(client))
            try fixture.stop(client, server)
        }
    }

    @Test func clientStartedBeforeTheServer_FailsCallsAtOnce_ThenConnectsWhenTheServerStarts() throws {
        try RPCFixture.with { fixture in
            let client = try fixture.startClient()
            let immediate = try fixture.running.sync {
                var outcome: Result<JSONValue, RPCError>?
                client.call("ping") { outcome = $0 }
                return outcome
            }
            #expect(immediate != nil, "an unavailable service must fail the call synchronously")
            #expect(immediate?.error?.code == RPCErrorCode.unavailable)
            #expect(immediate?.error?.message == "Service unavailable: \(RPCFixture.serviceName)")
            #expect(!fixture.isConnected(client))

            let server = try fixture.startServer { server in
                server.register("ping") { call in call.succeed("pong") }
            }
            #expect(eventually(timeoutMilliseconds: 5_000) { fixture.isConnected(client) })
            #expect(try fixture.call(client, "ping") == .success("pong"))
            try fixture.stop(client, server)
        }
    }

    @Test func serverStoppedWithCallsInFlight_FailsThemWithUnavailable() throws {
        try RPCFixture.with { fixture in
            let held = Locked<[RPCCall]>([])
            let server = try fixture.startServer { server in
                server.register("black.hole") { call in held.append(call) }
            }
            let client = try fixture.connectedClient()
            let completions = Locked<[Result<JSONValue, RPCError>]>([])
            try fixture.running.sync {
                for _ in 0..<3 {
                    client.call("black.hole", timeoutMilliseconds: 30_000) { completions.append($0) }
                }
            }
            #expect(eventually { held.value.count == 3 })
            let stoppedAt = MonotonicClock.now()
            try fixture.running.sync { server.stop() }
            #expect(eventually { completions.value.count == 3 })
            #expect(millisecondsSince(stoppedAt) < 3_000, "failed by the disconnect, not by the deadline")
            for completion in completions.value {
                #expect(completion.error?.code == RPCErrorCode.unavailable)
            }
            #expect(eventually { !fixture.isConnected(client) })
            #expect(try fixture.running.sync { client.inFlightCount } == 0)
            try fixture.stop(client)
        }
    }

    @Test func serverRestartedAtTheSamePath_TheClientReconnectsByItself() throws {
        try RPCFixture.with { fixture in
            let first = try fixture.startServer { server in
                server.register("whoami") { call in call.succeed("first") }
            }
            let client = try fixture.connectedClient()
            #expect(try fixture.call(client, "whoami") == .success("first"))

            try fixture.running.sync { first.stop() }
            #expect(eventually { !fixture.isConnected(client) })
            let second = try fixture.startServer { server in
                server.register("whoami") { call in call.succeed("second") }
            }
            #expect(eventually { fixture.isConnected(client) })
            #expect(try fixture.call(client, "whoami") == .success("second"))
            try fixture.stop(client, second)
        }
    }

    @Test func notificationsSentWhileDisconnected_AreDeliveredInOrderAfterConnect() throws {
        try RPCFixture.with { fixture in
            let client = try fixture.startClient()
            try fixture.running.sync {
                for n in 1...3 { client.notify("event.happened", params: ["n": .int(Int64(n))]) }
            }
            let received = Locked<[Int64]>([])
            let allNotifications = Locked(true)
            let server = try fixture.startServer { server in
                server.register("event.happened") { call in
                    if !call.isNotification { allNotifications.set(false) }
                    received.append(call.params["n"]?.intValue ?? -1)
                }
            }
            #expect(eventually { received.value.count == 3 })
            #expect(received.value == [1, 2, 3])
            #expect(allNotifications.value)
            try fixture.stop(client, server)
        }
    }

    @Test func requestIDParam_IsStrippedFromParams_AndExposedAsRequestID() throws {
        try RPCFixture.with { fixture in
            let seen = Locked<[(params: JSONObject, requestID: String?)]>([])
            let server = try fixture.startServer { server in
                server.register("context.echo") { call in
                    seen.append((call.params, call.requestID))
                    call.succeed(.object(call.params))
                }
            }
            let client = try fixture.connectedClient()
            let withID = try fixture.call(client, "context.echo", params: ["x": 1], requestID: "req-42")
            let withoutID = try fixture.call(client, "context.echo", params: ["x": 2])
            #expect(withID == .success(["x": 1]))
            #expect(withoutID == .success(["x": 2]))
            #expect(seen.value.map(\.params) == [["x": 1], ["x": 2]])
            #expect(seen.value.map(\.requestID) == ["req-42", nil])
            try fixture.stop(client, server)
        }
    }

    @Test func replyFromAnotherThread_IsSentFromTheLoop() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer { server in
                server.register("worker.job") { call in
                    _ = BackgroundThread { call.succeed("done off the loop") }
                }
            }
            let client = try fixture.connectedClient()
            #expect(try fixture.call(client, "worker.job") == .success("done off the loop"))
            try fixture.stop(client, server)
        }
    }

    @Test func stoppedClient_DoesNotReconnect() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer { server in
                server.register("ping") { call in call.succeed("pong") }
            }
            let client = try fixture.connectedClient()
            try fixture.running.sync { client.stop() }
            #expect(!fixture.isConnected(client))
            usleep(200_000) // several back-off periods
            #expect(!fixture.isConnected(client))
            #expect(try fixture.call(client, "ping").error?.code == RPCErrorCode.unavailable)
            try fixture.stop(nil, server)
        }
    }
}
