import Testing
import Contracts

@Suite struct InstanceOwnerTests {
    /// Worked from the documented formula (SplitMix64 finalizer, mod N, + 1).
    @Test func knownValues() {
        #expect(InstanceOwner.mix(0) == 0)
        #expect(InstanceOwner.mix(1) == 0x5692_161D_100B_05E5)
        #expect(InstanceOwner.mix(42) == 0xA759_EA27_D472_7622)
        let expected: [(Int64, Int, Int)] = [
            (0, 3, 1), (1, 3, 2), (2, 3, 2), (3, 3, 3), (42, 3, 3), (1000, 3, 1),
            (1, 4, 2), (2, 4, 3), (3, 4, 1), (42, 4, 3), (1000, 4, 4), (-1, 4, 4),
            (1, 7, 7), (2, 7, 2), (3, 7, 5), (42, 7, 4),
        ]
        for (id, instances, owner) in expected {
            #expect(InstanceOwner.owner(sessionGameID: id, instances: instances) == owner, "id \(id) of \(instances)")
        }
    }

    @Test(arguments: [2, 3, 4, 5, 8])
    func evenOverTenThousandIDs(instances: Int) {
        var counts = [Int](repeating: 0, count: instances + 1)
        for id in Int64(1)...10_000 {
            let owner = InstanceOwner.owner(sessionGameID: id, instances: instances)
            #expect((1...instances).contains(owner))
            counts[owner] += 1
        }
        let fair = 10_000 / instances
        for owner in 1...instances {
            // Within 10 % of a fair share (binomial σ is about 1 % here).
            #expect(abs(counts[owner] - fair) <= fair / 10, "owner \(owner): \(counts[owner]) of \(fair)")
        }
    }

    @Test func stableAndSingleInstance() {
        for id in Int64(-50)...50 {
            #expect(InstanceOwner.owner(sessionGameID: id, instances: 5) == InstanceOwner.owner(sessionGameID: id, instances: 5))
            #expect(InstanceOwner.owner(sessionGameID: id, instances: 1) == 1)
            #expect(InstanceOwner.owner(sessionGameID: id, instances: 0) == 1)
        }
    }
}
