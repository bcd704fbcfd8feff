/// What `DiscordRenderer` makes of one `Message`.
public struct DiscordRendering: Sendable, Equatable {
    /// One or more messages, in order. More than one only when the content is over Discord's limits;
    /// the buttons are on the last one.
    public var payloads: [DiscordMessagePayload]
    /// Button commands too long for a `custom_id` (100 characters): key → command. The adapter stores
    /// them (KeyValueStore) before sending, and looks the key up when the button is pressed.
    public var storedCommands: [String: String]

    public init(payloads: [DiscordMessagePayload], storedCommands: [String: String] = [:]) {
        self.payloads = payloads
        self.storedCommands = storedCommands
    }
}
