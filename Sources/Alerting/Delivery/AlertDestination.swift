/// Where a notification goes, as subscriptions and outbox rows name it: `<platform>:<channel>` for a
/// chat channel (`discord:1234`, `console:direct`), `webhook:<name>`, `email:<list>`.
public enum AlertDestination {
    /// Its two parts: `discord:1234` → (`discord`, `1234`), `webhook:phone` → (`webhook`, `phone`);
    /// without a colon, all of it is the platform.
    public static func split(_ destination: String) -> (platform: String, channel: String) {
        guard let colon = destination.firstIndex(of: ":") else { return (destination, "") }
        return (String(destination[..<colon]), String(destination[destination.index(after: colon)...]))
    }
}
