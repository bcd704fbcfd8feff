/// What `DiscordRenderer` makes of one `Message`.
public struct DiscordRendering: Sendable, Equatable {
    /// One or more messages, in order. Long output is one message with a text file attached (its
    /// bytes in the payload's `files`); more than one message only when there are more than 25
    /// buttons, more fields than fit, or a file over 8 MiB (its further parts follow the first
    /// message). The buttons are on the message with the embeds.
    public var payloads: [DiscordMessagePayload]
    /// Button commands too long for a `custom_id` (100 characters): key → command. The adapter stores
    /// them (KeyValueStore) before sending, and looks the key up when the button is pressed.
    public var storedCommands: [String: String]

    public init(payloads: [DiscordMessagePayload], storedCommands: [String: String] = [:]) {
        self.payloads = payloads
        self.storedCommands = storedCommands
    }
}
