import Foundation

/// Parameters of a guest's deterministic, slowly moving load.
struct LoadProfile: Sendable {
    var cpuBase: Double
    var cpuSwing: Double
    var memoryBase: Double
    var memorySwing: Double
    var phase: Double
    var period: Double
    var networkRate: Double
    var diskRate: Double

    /// CPU use (fraction of the guest's cores) at the given time.
    func cpu(at time: Double, vmid: Int) -> Double {
        let wave = (sin(time / period * 2 * Double.pi + phase) + 1) / 2
        let noise = SeededGenerator.unit(UInt64(vmid), UInt64(max(0, time / 5))) * 0.04
        return min(1, max(0, cpuBase + cpuSwing * wave + noise))
    }

    /// Memory use (fraction of the guest's maximum) at the given time.
    func memory(at time: Double) -> Double {
        let wave = (sin(time / (period * 3) * 2 * Double.pi + phase * 1.7) + 1) / 2
        return min(0.98, max(0.05, memoryBase + memorySwing * wave))
    }
}
