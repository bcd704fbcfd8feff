/// One entry of a message's `attachments` array (resources/message.mdx, "Attachment Request
/// Structure"): for a new file, `id` is the `n` of its `files[n]` part in the multipart body.
public struct DiscordAttachment: Sendable, Equatable, Codable {
    /// For a new upload: the index of the matching `files[n]` part.
    public var id: Int
    public var filename: String
    /// Alt text, at most 1,024 characters.
    public var description: String?

    public init(id: Int, filename: String, description: String? = nil) {
        self.id = id
        self.filename = filename
        self.description = description
    }
}
