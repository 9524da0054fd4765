import Glibc
import Testing
import IO
import JSON
import RPC
import Runtime

/// The bound on what one RPC connection may have outstanding: the pure
/// admission rule, then a real client against a service that holds every
/// call and against one that never reads at all.
struct RPCClientLimitsTests {
    // MARK: The rule

    @Test func defaults_AreTheDocumentedOnes() {
        let limits = RPCClientLimits()
        #expect(limits.maxInFlightCalls == 1_024)
        #expect(limits.maxQueuedBytes == 16 * 1024 * 1024)
    }

    @Test func callCount_IsBoundedByMaxInFlight() {
        let limits = RPCClientLimits(maxInFlightCalls: 3, maxQueuedBytes: 1_000)
        #expect(limits.admits(inFlightCalls: 0, queuedBytes: 0, requestBytes: 10))
        #expect(limits.admits(inFlightCalls: 2, queuedBytes: 0, requestBytes: 10))
        #expect(!limits.admits(inFlightCalls: 3, queuedBytes: 0, requestBytes: 10))
        #expect(!limits.admits(inFlightCalls: 4, queuedBytes: 0, requestBytes: 10))
    }

    @Test func queuedBytes_AreBoundedByMaxQueuedBytes_CountingTheNewRequest() {
        let limits = RPCClientLimits(maxInFlightCalls: 100, maxQueuedBytes: 1_000)
        #expect(limits.admits(inFlightCalls: 1, queuedBytes: 900, requestBytes: 100))
        #expect(!limits.admits(inFlightCalls: 1, queuedBytes: 900, requestBytes: 101))
        #expect(!limits.admits(inFlightCalls: 1, queuedBytes: 1_000, requestBytes: 1))
    }

    @Test func aRequestLargerThanTheByteBound_GoesOnAnEmptyQueue_ButNotBehindOthers() {
        let limits = RPCClientLimits(maxInFlightCalls: 100, maxQueuedBytes: 1_000)
        #expect(limits.admits(inFlightCalls: 0, queuedBytes: 0, requestBytes: 50_000))
        #expect(!limits.admits(inFlightCalls: 0, queuedBytes: 1, requestBytes: 50_000))
        // The call count still applies to a big one.
        #expect(!RPCClientLimits(maxInFlightCalls: 1, maxQueuedBytes: 1_000)
            .admits(inFlightCalls: 1, queuedBytes: 0, requestBytes: 50_000))
    }

    @Test func notifications_AreBoundedByBytesOnly() {
        let limits = RPCClientLimits(maxInFlightCalls: 1, maxQueuedBytes: 1_000)
        #expect(limits.admitsNotification(queuedBytes: 0, bytes: 5_000))
        #expect(limits.admitsNotification(queuedBytes: 500, bytes: 500))
        #expect(!limits.admitsNotification(queuedBytes: 500, bytes: 501))
    }

    @Test func environment_SetsTheBounds_AndRejectsNonsense() throws {
        let configured = try Configuration(environment: ["RPC_MAX_IN_FLIGHT": "16", "RPC_MAX_QUEUED_BYTES": "65536"])
        #expect(configured.rpcClientLimits == RPCClientLimits(maxInFlightCalls: 16, maxQueuedBytes: 65_536))
        #expect(try Configuration(environment: [:]).rpcClientLimits == RPCClientLimits())
        for (name, value) in [("RPC_MAX_IN_FLIGHT", "0"), ("RPC_MAX_IN_FLIGHT", "many"),
                              ("RPC_MAX_QUEUED_BYTES", "100"), ("RPC_MAX_QUEUED_BYTES", "-1")] {
            let error = #expect(throws: Configuration.Invalid.self) {
                _ = try Configuration(environment: [name: value])
            }
            #expect(error?.variable == name)
        }
    }

    // MARK: A real client

    @Test func serviceHoldingEveryCall_CallsBeyondMaxInFlightFailAtOnceAsBusy_AndFlowAgainOnceAnswered() throws {
        try RPCFixture.with { fixture in
            let held = Locked<[RPCCall]>([])
            let server = try fixture.startServer { server in
                server.register("black.hole") { call in held.append(call) }
                server.register("ping") { call in call.succeed("pong") }
            }
            let client = try fixture.connectedClient(limits: RPCClientLimits(maxInFlightCalls: 4,
                                                                              maxQueuedBytes: 1 << 20))
            let completions = Locked<[Result<JSONValue, RPCError>]>([])
            // Six calls in one loop turn: the last two are refused before
            // `call` returns, without waiting for any deadline.
            let refusedSynchronously = try fixture.running.sync {
                for _ in 0..<6 {
                    client.call("black.hole", timeoutMilliseconds: 30_000) { completions.append($0) }
                }
                return completions.value.count
            }
            #expect(refusedSynchronously == 2)
            for refused in completions.value {
                #expect(refused.error?.code == RPCErrorCode.unavailable)
                #expect(refused.error?.message == "Service busy: \(RPCFixture.serviceName)")
            }
            #expect(try fixture.running.sync { client.inFlightCount } == 4)
            #expect(eventually { held.value.count == 4 })

            // Answering frees the slots.
            try fixture.running.sync { for call in held.value { call.succeed("done") } }
            #expect(eventually { completions.value.count == 6 })
            #expect(completions.value.suffix(4).allSatisfy { $0 == .success("done") })
            #expect(try fixture.call(client, "ping") == .success("pong"))
            try fixture.stop(client, server)
        }
    }

    @Test func callsPastTheirDeadline_FreeTheirSlots() throws {
        try RPCFixture.with { fixture in
            let server = try fixture.startServer { server in
                server.register("black.hole") { _ in }
                server.register("ping") { call in call.succeed("pong") }
            }
            let client = try fixture.connectedClient(limits: RPCClientLimits(maxInFlightCalls: 2,
                                                                              maxQueuedBytes: 1 << 20))
            let completions = Locked<[Result<JSONValue, RPCError>]>([])
            try fixture.running.sync {
                for _ in 0..<2 { client.call("black.hole", timeoutMilliseconds: 100) { completions.append($0) } }
            }
            #expect(try fixture.call(client, "ping").error?.message == "Service busy: \(RPCFixture.serviceName)")
            #expect(eventually { completions.value.count == 2 })
            #expect(completions.value.allSatisfy { $0.error?.code == RPCErrorCode.timeout })
            #expect(try fixture.call(client, "ping") == .success("pong"))
            try fixture.stop(client, server)
        }
    }

    /// A peer that accepted nothing and reads nothing (a SIGSTOPped service):
    /// the kernel takes what fits in the socket buffers, then our own queue
    /// grows to the byte bound and no further.
    @Test func peerThatNeverReads_TheSendQueueStopsAtTheByteBound() throws {
        try RPCFixture.with { fixture in
            let listener = try Socket.listenUnix(path: fixture.path)
            defer { close(listener) }
            let bound = 256 * 1024
            let client = try fixture.connectedClient(limits: RPCClientLimits(maxInFlightCalls: 100_000,
                                                                              maxQueuedBytes: bound))
            let padding = JSONValue.string(String(repeating: "x", count: 16 * 1024))
            let (accepted, busy, queued) = try fixture.running.sync {
                var accepted = 0
                var busy = 0
                // Far more than the kernel's buffers and the bound together.
                for _ in 0..<2_000 {
                    var refused = false
                    client.call("stuck", params: ["padding": padding], timeoutMilliseconds: 30_000) { result in
                        if result.error?.message == "Service busy: \(RPCFixture.serviceName)" { refused = true }
                    }
                    if refused { busy += 1 } else { accepted += 1 }
                }
                return (accepted, busy, client.queuedBytes)
            }
            #expect(busy > 0, "nothing was refused")
            #expect(accepted > 0)
            #expect(queued > 0 && queued <= bound, "queued \(queued) bytes, bound \(bound)")
            // Every accepted call is still waiting (none failed early).
            #expect(try fixture.running.sync { client.inFlightCount } == accepted)
            try fixture.stop(client)
        }
    }

    @Test func notificationsToAPeerThatNeverReads_AreDroppedBeyondTheByteBound() throws {
        try RPCFixture.with { fixture in
            let listener = try Socket.listenUnix(path: fixture.path)
            defer { close(listener) }
            let bound = 128 * 1024
            let client = try fixture.connectedClient(limits: RPCClientLimits(maxInFlightCalls: 10,
                                                                              maxQueuedBytes: bound))
            let padding = JSONValue.string(String(repeating: "y", count: 16 * 1024))
            let queued = try fixture.running.sync {
                for _ in 0..<2_000 { client.notify("event", params: ["padding": padding]) }
                return client.queuedBytes
            }
            #expect(queued > 0 && queued <= bound, "queued \(queued) bytes, bound \(bound)")
            try fixture.stop(client)
        }
    }
}
