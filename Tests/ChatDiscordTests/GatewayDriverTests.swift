@testable import ChatDiscord
import Synchronization
import Testing

/// A monotonic time for the gateway driver that a test sets by hand.
final class ManualNow: Sendable {
    private let value = Mutex(Duration.zero)
    var now: Duration { value.withLock { $0 } }
    func set(_ duration: Duration) { value.withLock { $0 = duration } }
}

@Suite("The gateway driver's identify spacing")
struct GatewayDriverTests {
    private static func driver() -> (GatewayDriver, ManualNow) {
        let now = ManualNow()
        return (GatewayDriver(now: { now.now }), now)
    }

    @Test("IDENTIFYs are kept the configured interval apart")
    func spacing() async {
        let (driver, now) = Self.driver()
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
        now.set(.seconds(2))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(3))
        now.set(.seconds(5))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(5))
    }

    @Test("A wait abandoned when its connection is lost does not push the next connection's IDENTIFY back")
    func abandonedWaitTakesNothing() async {
        let (driver, now) = Self.driver()
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
        now.set(.seconds(1))
        // This connection is told to wait 4 s, and is lost while it waits.
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(4))
        now.set(.seconds(2))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(3), "the next connection waits for the first IDENTIFY only")
        now.set(.seconds(5))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
    }

    @Test("A zero interval never waits")
    func zeroInterval() async {
        let (driver, _) = Self.driver()
        #expect(await driver.takeIdentifySlot(interval: .zero) == .zero)
        #expect(await driver.takeIdentifySlot(interval: .zero) == .zero)
    }
}
