@testable import ChatDiscord
import NexBoardTesting
import Testing

@Suite("The gateway driver's identify spacing")
struct GatewayDriverTests {
    private static func driver() -> (GatewayDriver, ManualClock) {
        let clock = ManualClock()
        return (GatewayDriver(now: { clock.now.sinceStart }), clock)
    }

    @Test("IDENTIFYs are kept the configured interval apart")
    func spacing() async {
        let (driver, clock) = Self.driver()
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
        clock.advance(by: .seconds(2))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(3))
        clock.advance(by: .seconds(3))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(5))
    }

    @Test("A wait abandoned when its connection is lost does not push the next connection's IDENTIFY back")
    func abandonedWaitTakesNothing() async {
        let (driver, clock) = Self.driver()
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
        clock.advance(by: .seconds(1))
        // This connection is told to wait 4 s, and is lost while it waits.
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(4))
        clock.advance(by: .seconds(1))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .seconds(3), "the next connection waits for the first IDENTIFY only")
        clock.advance(by: .seconds(3))
        #expect(await driver.takeIdentifySlot(interval: .seconds(5)) == .zero)
    }

    @Test("A zero interval never waits")
    func zeroInterval() async {
        let (driver, _) = Self.driver()
        #expect(await driver.takeIdentifySlot(interval: .zero) == .zero)
        #expect(await driver.takeIdentifySlot(interval: .zero) == .zero)
    }
}
