/// SplitMix64: a tiny, fast, deterministic random number generator, so that one seed
/// always gives the same cluster (and the same faults in the gateway soak).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A stateless hash of some numbers to a value in 0..<1, used for time-varying noise.
    static func unit(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> Double {
        var generator = SeededGenerator(seed: a &* 0x100_0000_01B3 ^ b &* 0xC2B2_AE3D_27D4_EB4F ^ c)
        return Double(generator.next() >> 11) / Double(1 << 53)
    }
}
