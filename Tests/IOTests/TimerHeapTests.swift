import Testing
import TestSupport
@testable import IO

struct TimerHeapTests {
    private func entry(_ deadline: UInt64, id: UInt64) -> TimerHeap.Entry {
        TimerHeap.Entry(deadline: deadline, id: id)
    }

    private func drain(_ heap: inout TimerHeap) -> [TimerHeap.Entry] {
        var popped: [TimerHeap.Entry] = []
        while let next = heap.popEarliest() { popped.append(next) }
        return popped
    }

    @Test func emptyHeap_HasNoEarliest_AndPopsNil() {
        var heap = TimerHeap()
        #expect(heap.isEmpty)
        #expect(heap.earliest == nil)
        #expect(heap.popEarliest() == nil)
    }

    @Test func entries_PopInDeadlineOrder() {
        var heap = TimerHeap()
        for (id, deadline) in [50, 10, 40, 30, 20, 60, 5].enumerated() {
            heap.insert(entry(UInt64(deadline), id: UInt64(id)))
        }
        #expect(heap.count == 7)
        #expect(heap.earliest?.deadline == 5)
        #expect(drain(&heap).map(\.deadline) == [5, 10, 20, 30, 40, 50, 60])
        #expect(heap.isEmpty)
    }

    @Test func equalDeadlines_PopInInsertionOrder() {
        var heap = TimerHeap()
        // Ids grow with insertion (the loop's counter); interleave other
        // deadlines so the ties have to survive sift-up and sift-down.
        var id: UInt64 = 0
        for round in 0..<10 {
            id += 1; heap.insert(entry(100, id: id))
            id += 1; heap.insert(entry(UInt64(200 - round), id: id))
            id += 1; heap.insert(entry(100, id: id))
        }
        let popped = drain(&heap)
        let ties = popped.filter { $0.deadline == 100 }.map(\.id)
        #expect(ties.count == 20)
        #expect(ties == ties.sorted())
        #expect(popped.prefix(20).allSatisfy { $0.deadline == 100 })
    }

    @Test func manyRandomInsertsAndPops_MatchASortedReference() {
        var generator = SplitMix64(seed: 42)
        var heap = TimerHeap()
        var reference: [TimerHeap.Entry] = []
        var popped: [TimerHeap.Entry] = []
        var expected: [TimerHeap.Entry] = []
        for id in 1...5_000 as ClosedRange<UInt64> {
            // A small deadline range forces many ties.
            let inserted = entry(UInt64.random(in: 0..<500, using: &generator), id: id)
            heap.insert(inserted)
            reference.append(inserted)
            if Int.random(in: 0..<3, using: &generator) == 0 {
                reference.sort { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
                expected.append(reference.removeFirst())
                if let next = heap.popEarliest() { popped.append(next) }
            }
        }
        reference.sort { ($0.deadline, $0.id) < ($1.deadline, $1.id) }
        expected += reference
        popped += drain(&heap)
        #expect(popped.count == 5_000)
        #expect(popped.map(\.id) == expected.map(\.id))
    }
}
