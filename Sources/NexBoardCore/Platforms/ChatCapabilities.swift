/// What a chat platform can show and do. Handlers and the dispatcher ask these, never a platform's
/// name: a private answer where there are private replies, a confirmation by reaction or by reply
/// where there are no buttons.
public struct ChatCapabilities: Sendable, Equatable {
    /// Replies only the requester sees (ephemeral messages).
    public var privateReplies: Bool
    /// Buttons that send a command when pressed.
    public var buttons: Bool
    /// Sent messages can be replaced (task progress, a resolved alert).
    public var edits: Bool
    /// Replies can go in a thread under a message.
    public var threads: Bool
    /// A reply can go to the requester in a direct conversation (`Message.Visibility.direct`), for
    /// what must not be seen by others where there are no private replies.
    public var directMessages: Bool
    /// Reactions on messages can be read (Matrix's ✅ to confirm).
    public var reactions: Bool
    /// Files can be sent with a message (long output as a .txt file, a graph as a picture).
    public var attachments: Bool
    /// The most characters one message's text should carry before it is split or attached.
    public var textLength: Int
    /// The most buttons on one message.
    public var buttonsPerMessage: Int
    /// The most fields on one message.
    public var fieldsPerMessage: Int
    /// Emoji render as pictures (charts use coloured squares instead of shade blocks).
    public var emoji: Bool
    /// The columns a monospace block shows before it wraps (charts and tables fit within it).
    public var monospaceWidth: Int
    /// What is typed before a command on this platform (`!nex `, `/nex `, `/`): commands named in
    /// replies (`help`, `alert active`) are shown with it, so that they can be typed as they read.
    public var commandPrefix: String

    public init(privateReplies: Bool, buttons: Bool, edits: Bool, threads: Bool, reactions: Bool, attachments: Bool,
                textLength: Int, buttonsPerMessage: Int, fieldsPerMessage: Int, emoji: Bool = false, monospaceWidth: Int = 80,
                commandPrefix: String = "", directMessages: Bool = false) {
        self.privateReplies = privateReplies
        self.directMessages = directMessages
        self.buttons = buttons
        self.edits = edits
        self.threads = threads
        self.reactions = reactions
        self.attachments = attachments
        self.textLength = textLength
        self.buttonsPerMessage = buttonsPerMessage
        self.fieldsPerMessage = fieldsPerMessage
        self.emoji = emoji
        self.monospaceWidth = monospaceWidth
        self.commandPrefix = commandPrefix
    }

    /// Everything, with generous limits: what code that does not come from a platform assumes (tests, scripts).
    public static let unlimited = ChatCapabilities(privateReplies: true, buttons: true, edits: true, threads: false, reactions: false,
                                                   attachments: false, textLength: .max, buttonsPerMessage: 25, fieldsPerMessage: 25)
}
